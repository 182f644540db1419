/** The real OTLP exporters (JSON and protobuf, with and without gzip) -> collector -> query API facts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { emitAgentTrace, providerFor, waitFor } from '../../support/otelSpans.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

const cases = [
  { name: 'http/json', make: (url: string) => new HttpJsonExporter({ url }) },
  { name: 'http/json gzip', make: (url: string) => new HttpJsonExporter({ url, compression: 'gzip' as never }) },
  { name: 'http/protobuf', make: (url: string) => new ProtoExporter({ url }) },
  { name: 'http/protobuf gzip', make: (url: string) => new ProtoExporter({ url, compression: 'gzip' as never }) },
];

describe('real OTLP exporters', () => {
  it.each(cases)('$name: stored facts match what was emitted', async ({ name, make }) => {
    const provider = providerFor(make(`${server.url}/v1/traces`), {
      'service.name': 'support-bot',
      'service.version': `v-${name.replace(/\W/g, '-')}`,
      'deployment.environment.name': 'production',
    });
    const tracer = provider.getTracer('e2e');
    const expected = [
      emitAgentTrace(tracer, { startMs: Date.now() - 5000, toolError: false, action: 'answer', question: 'where is my order?' }),
      emitAgentTrace(tracer, { startMs: Date.now() - 4000, toolError: true, action: 'escalate', question: 'refund please' }),
    ];
    await provider.forceFlush();
    await provider.shutdown();
    for (const want of expected) {
      const got = await waitFor(async () => {
        const res = await fetch(`${server.url}/api/traces/${want.traceId}`);
        if (res.status !== 200) return null;
        const body = (await res.json()) as any;
        return body.spans.length === 4 ? body : null;
      });
      expect(got).toMatchObject({
        traceId: want.traceId,
        serviceName: 'support-bot',
        release: `v-${name.replace(/\W/g, '-')}`,
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
      expect(got.models).toContain('gpt-4o-mini');
      expect(typeof got.startTime).toBe('string');
      expect(new Date(got.startTime).toISOString()).toBe(got.startTime);
      const root = got.spans.find((s: { parentSpanId: string | null }) => s.parentSpanId === null);
      expect(root.name).toBe('invoke_agent support');
      for (const span of got.spans) {
        expect(span).toHaveProperty('spanId');
        expect(span).toHaveProperty('attributes');
        expect(span).toHaveProperty('status');
      }
    }
    const list = await ((await (await fetch(`${server.url}/api/traces?release=v-${name.replace(/\W/g, '-')}&limit=10`)).json()) as any);
    expect(list.traces.map((t: { traceId: string }) => t.traceId).sort()).toEqual(expected.map((e) => e.traceId).sort());
    expect(list.traces[0]).not.toHaveProperty('spans');
  });
});
