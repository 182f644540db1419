/** The real OTLP/gRPC exporters (traces plain and gzip, logs) -> the gRPC receiver -> query API facts. */
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAgentTrace, providerFor } from '../../support/otelSpans.js';
import { emitTwoAgentTraces, expectedAgentFacts, readTraceWhen, releaseOf } from '../../support/exporterRoundTrip.js';
import { GrpcExportClient } from '../../support/grpcExport.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ grpc: true });
});
afterAll(async () => server?.close());

const getTrace = (traceId: string, ready: (t: any) => boolean): Promise<any> => readTraceWhen(server.url, traceId, ready);

describe('real OTLP/gRPC exporters', () => {
  it.each([
    { name: 'grpc', compression: undefined },
    { name: 'grpc gzip', compression: 'gzip' },
  ])('$name: stored facts match what was emitted', async ({ name, compression }) => {
    const release = releaseOf(name);
    const exporter = new OTLPTraceExporter({ url: `http://${server.grpcAddress}`, ...(compression ? { compression: compression as never } : {}) });
    const expected = await emitTwoAgentTraces(exporter, release);
    for (const want of expected) {
      const got = await getTrace(want.traceId, (t) => t.spans.length === 4);
      expect(got).toMatchObject(expectedAgentFacts(want, release));
      expect(got.spans.find((s: { parentSpanId: string | null }) => s.parentSpanId === null).name).toBe('invoke_agent support');
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/tracegate_grpc_requests_total\{signal="traces",code="OK"\} [1-9]/);
  });

  it('GenAI log events over gRPC attach their text to the span', async () => {
    const spanExporter = new OTLPTraceExporter({ url: `http://${server.grpcAddress}` });
    const provider = providerFor(spanExporter, { 'service.name': 'logs-over-grpc' });
    const want = emitAgentTrace(provider.getTracer('e2e'), { startMs: Date.now() - 3000, toolError: false, action: 'answer', question: 'q' });
    await provider.forceFlush();
    await provider.shutdown();
    const stored = await getTrace(want.traceId, (t) => t.spans.length === 4);
    const chat = stored.spans.find((s: { name: string }) => s.name.startsWith('chat'));

    const logs = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'logs-over-grpc' }),
      processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `http://${server.grpcAddress}`, compression: 'gzip' as never }) })],
    });
    const context = trace.setSpanContext(ROOT_CONTEXT, { traceId: want.traceId, spanId: chat.spanId, traceFlags: TraceFlags.SAMPLED });
    logs.getLogger('e2e').emit({ eventName: 'gen_ai.user.message', body: { content: 'Where is my parcel, please?' }, context });
    await logs.forceFlush();
    await logs.shutdown();

    const withText = await getTrace(want.traceId, (t) => t.inputText !== null);
    expect(withText.inputText).toContain('Where is my parcel, please?');
    expect(withText.contentCaptured).toBe(true);
  });

  it('MetricsService/Export is accepted and ignored, like /v1/metrics', async () => {
    const client = new GrpcExportClient(server.grpcAddress!, 'metrics');
    try {
      const res = await client.send(Buffer.alloc(0));
      expect(res).toEqual({ ok: true, body: Buffer.alloc(0) });
    } finally {
      client.close();
    }
  });
});
