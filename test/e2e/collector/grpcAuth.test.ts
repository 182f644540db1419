/** OTLP/gRPC auth: the same API keys as HTTP, from metadata `authorization: Bearer KEY` or `x-api-key`, with the real exporter. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Metadata, status } from '@grpc/grpc-js';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkSpans } from '../../support/grpcBodies.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';

const run = promisify(execFile);
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ grpc: true });
});
afterAll(async () => server?.close());

async function createKey(project: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['bin/tracegate.js', 'keys', 'create', '--project', project, '--database-url', server.databaseUrl]);
  return stdout.trim();
}

/** Exports one 2-span trace with the real gRPC exporter; the export result and the trace id. */
async function exportWith(metadata: Record<string, string>): Promise<{ result: ExportResult; traceId: string }> {
  const md = new Metadata();
  for (const [k, v] of Object.entries(metadata)) md.set(k, v);
  const exporter = new OTLPTraceExporter({ url: `http://${server.grpcAddress}`, metadata: md });
  const spans = sdkSpans(1, 2, 'grpc-auth');
  const result = await new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
  await exporter.shutdown();
  return { result, traceId: spans[0]!.spanContext().traceId };
}

const codeOf = (result: ExportResult) => (result.error as { code?: number } | undefined)?.code;

describe('gRPC auth', () => {
  let keyA = '';
  let keyB = '';
  it('serves loopback without a key while no key exists', async () => {
    expect((await exportWith({})).result.code).toBe(ExportResultCode.SUCCESS);
  });

  it('UNAUTHENTICATED without a key or with a wrong one once a key exists; Bearer and x-api-key work', async () => {
    keyA = await createKey('grpc-acme');
    keyB = await createKey('grpc-globex');
    await new Promise((r) => setTimeout(r, 2_200)); // the open-mode cache refreshes every 2 s
    const none = await exportWith({});
    expect(none.result.code).toBe(ExportResultCode.FAILED);
    expect(codeOf(none.result)).toBe(status.UNAUTHENTICATED);
    const wrong = await exportWith({ authorization: 'Bearer tg_wrong' });
    expect(codeOf(wrong.result)).toBe(status.UNAUTHENTICATED);

    const a = await exportWith({ authorization: `Bearer ${keyA}` });
    expect(a.result.code).toBe(ExportResultCode.SUCCESS);
    const b = await exportWith({ 'x-api-key': keyB });
    expect(b.result.code).toBe(ExportResultCode.SUCCESS);

    const get = (key: string, id: string) => fetch(`${server.url}/api/traces/${id}`, { headers: { authorization: `Bearer ${key}` } });
    expect((await get(keyA, a.traceId)).status).toBe(200);
    expect((await get(keyB, a.traceId)).status).toBe(404);
    expect((await get(keyB, b.traceId)).status).toBe(200);
    const metrics = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${keyA}` } })).text();
    expect(metrics).toMatch(/tracegate_otlp_requests_refused_total\{signal="traces",reason="unauthorized"\} 2/);
  });
});
