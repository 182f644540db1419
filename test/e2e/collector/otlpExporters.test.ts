/** The real OTLP exporters (JSON and protobuf, with and without gzip) -> collector -> query API facts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { emitTwoAgentTraces, expectedAgentFacts, readTraceWhen, releaseOf } from '../../support/exporterRoundTrip.js';

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
    const release = releaseOf(name);
    const expected = await emitTwoAgentTraces(make(`${server.url}/v1/traces`), release);
    for (const want of expected) {
      const got = await readTraceWhen(server.url, want.traceId, (t) => t.spans.length === 4);
      expect(got).toMatchObject(expectedAgentFacts(want, release));
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
    const list = await ((await (await fetch(`${server.url}/api/traces?release=${release}&limit=10`)).json()) as any);
    expect(list.traces.map((t: { traceId: string }) => t.traceId).sort()).toEqual(expected.map((e) => e.traceId).sort());
    expect(list.traces[0]).not.toHaveProperty('spans');
  });
});
