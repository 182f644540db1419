/** The real OTLP/gRPC exporters (traces plain and gzip, logs) -> the gRPC receiver -> query API facts. */
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAgentTrace, providerFor, waitFor } from '../../support/otelSpans.js';
import { GrpcExportClient } from '../../support/grpcExport.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ grpc: true });
});
afterAll(async () => server?.close());

async function getTrace(traceId: string, ready: (t: any) => boolean): Promise<any> {
  return waitFor(async () => {
    const res = await fetch(`${server.url}/api/traces/${traceId}`);
    if (res.status !== 200) return null;
    const body = (await res.json()) as any;
    return ready(body) ? body : null;
  });
}

describe('real OTLP/gRPC exporters', () => {
  it.each([
    { name: 'grpc', compression: undefined },
    { name: 'grpc gzip', compression: 'gzip' },
  ])('$name: stored facts match what was emitted', async ({ name, compression }) => {
    const release = `v-${name.replace(/\W/g, '-')}`;
    const exporter = new OTLPTraceExporter({ url: `http://${server.grpcAddress}`, ...(compression ? { compression: compression as never } : {}) });
    const provider = providerFor(exporter, { 'service.name': 'support-bot', 'service.version': release, 'deployment.environment.name': 'production' });
    const tracer = provider.getTracer('e2e');
    const expected = [
      emitAgentTrace(tracer, { startMs: Date.now() - 5000, toolError: false, action: 'answer', question: 'where is my order?' }),
      emitAgentTrace(tracer, { startMs: Date.now() - 4000, toolError: true, action: 'escalate', question: 'refund please' }),
    ];
    await provider.forceFlush();
    await provider.shutdown();
    for (const want of expected) {
      const got = await getTrace(want.traceId, (t) => t.spans.length === 4);
      expect(got).toMatchObject({
        traceId: want.traceId,
        serviceName: 'support-bot',
        release,
        environment: 'production',
        durationMs: want.durationMs,
        inputTokens: want.inputTokens,
        outputTokens: want.outputTokens,
        toolCalls: want.toolCalls,
        toolErrors: want.toolErrors,
        action: want.action,
        error: want.toolErrors > 0,
        finishClasses: ['tool_call', 'stop'],
        lastFinishClass: 'stop',
      });
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
