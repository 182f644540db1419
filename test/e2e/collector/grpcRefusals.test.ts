/** Every outcome of the OTLP/gRPC receiver besides plain success: partialSuccess, bad bodies, limits, overload. */
import { gzipSync } from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStatusDetails, rawGrpcCall, sdkSpans, traceRequest, withInvalidSpanId } from '../../support/grpcBodies.js';
import { GrpcExportClient } from '../../support/grpcExport.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';

const MiB = 1024 * 1024;
const TRACES_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

async function spanCount(server: TestServer, traceId: string): Promise<number> {
  const res = await fetch(`${server.url}/api/traces/${traceId}`);
  if (res.status === 404) return 0;
  return ((await res.json()) as { spans: unknown[] }).spans.length;
}

describe('gRPC receiver: partial success and bad bodies', () => {
  let server: TestServer;
  let client: GrpcExportClient;
  beforeAll(async () => {
    server = await startTestServer({ grpc: true, env: { TRACEGATE_MAX_BODY_BYTES: String(1 * MiB) } });
    client = new GrpcExportClient(server.grpcAddress!);
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('partialSuccess.rejectedSpans for invalid spans; the valid ones are stored before the answer', async () => {
    const [valid, invalid] = sdkSpans(1, 2);
    const res = await client.send(traceRequest([valid!, withInvalidSpanId(invalid!)]));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const response = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(res.body));
    expect(Number(response.partialSuccess?.rejectedSpans)).toBe(1);
    expect(response.partialSuccess?.errorMessage).toMatch(/rejected 1 /);
    // Acknowledged only after commit: readable at once, no polling.
    expect(await spanCount(server, valid!.spanContext().traceId)).toBe(1);
  });

  it('INVALID_ARGUMENT (no RetryInfo) for an undecodable message', async () => {
    const res = await client.send(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.code).toBe(status.INVALID_ARGUMENT);
      expect(decodeStatusDetails(res.metadata.get('grpc-status-details-bin')[0] as Buffer)).toMatchObject({ code: status.INVALID_ARGUMENT, retryDelaySeconds: null });
    }
  });

  it.each(['gzip', 'deflate'])('INVALID_ARGUMENT (no RetryInfo) for a message flagged %s that does not inflate; the server stays fine', async (encoding) => {
    const res = await rawGrpcCall(server.grpcAddress!, TRACES_PATH, Buffer.from('this is not compressed'), { compressedFlag: true, encoding });
    expect(res.grpcStatus).toBe(status.INVALID_ARGUMENT);
    expect(res.message).toMatch(new RegExp(`flagged ${encoding}-compressed but does not inflate`));
    expect(decodeStatusDetails(res.statusDetails!)).toMatchObject({ code: status.INVALID_ARGUMENT, retryDelaySeconds: null });
    expect(await client.send(traceRequest(sdkSpans(1, 1)))).toMatchObject({ ok: true });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/tracegate_grpc_requests_total\{signal="traces",code="INVALID_ARGUMENT"\} [1-9]/);
  });

  it('gzip from a real client library is inflated', async () => {
    const gzipClient = new GrpcExportClient(server.grpcAddress!, 'traces', { gzip: true });
    try {
      const spans = sdkSpans(3, 2);
      expect(await gzipClient.send(traceRequest(spans))).toMatchObject({ ok: true });
      expect(await spanCount(server, spans[0]!.spanContext().traceId)).toBe(2);
    } finally {
      gzipClient.close();
    }
  });

  it('RESOURCE_EXHAUSTED (not retryable: no RetryInfo) past the body limit, on the wire or inflated (gzip bomb)', async () => {
    const big = await client.send(Buffer.alloc(MiB + 1024, 0x0a));
    expect(big).toMatchObject({ ok: false, code: status.RESOURCE_EXHAUSTED });
    const bomb = gzipSync(Buffer.alloc(8 * MiB));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await rawGrpcCall(server.grpcAddress!, TRACES_PATH, bomb, { compressedFlag: true, encoding: 'gzip' });
    expect(res.grpcStatus).toBe(status.RESOURCE_EXHAUSTED);
    // The server is still fine.
    expect(await client.send(traceRequest(sdkSpans(1, 1)))).toMatchObject({ ok: true });
  });
});

describe('gRPC receiver: overload', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ grpc: true, env: { TRACEGATE_MAX_QUEUE_SPANS: '64', TRACEGATE_MAX_INFLIGHT_REQUESTS: '2' } });
  });
  afterAll(async () => server?.close());

  it('UNAVAILABLE with RetryInfo when the queue or the in-flight limit is full; every acknowledged span is stored', async () => {
    const clients = Array.from({ length: 8 }, () => new GrpcExportClient(server.grpcAddress!));
    try {
      const bodies = Array.from({ length: 48 }, () => sdkSpans(16, 4));
      const results = await Promise.all(bodies.map((spans, i) => clients[i % clients.length]!.send(traceRequest(spans)).then((res) => ({ res, spans }))));
      const refused = results.filter((r) => !r.res.ok);
      const acked = results.filter((r) => r.res.ok);
      expect(refused.length).toBeGreaterThan(0);
      expect(acked.length).toBeGreaterThan(0);
      for (const { res } of refused) {
        if (res.ok) continue;
        expect(res.code).toBe(status.UNAVAILABLE);
        const details = decodeStatusDetails(res.metadata.get('grpc-status-details-bin')[0] as Buffer);
        expect(details).toMatchObject({ code: status.UNAVAILABLE, retryDelaySeconds: 1 });
        expect(details.message).toMatch(/overloaded|queue is full/);
      }
      for (const { spans } of acked) {
        for (const traceId of new Set(spans.map((s) => s.spanContext().traceId))) expect(await spanCount(server, traceId)).toBe(4);
      }
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/tracegate_otlp_requests_refused_total\{signal="traces",reason="overloaded"\} [1-9]/);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
