/**
 * The decoder contract, run once per wire format (hono's common.case.test pattern): real SDK spans and
 * log records serialized by the real OTLP serializers must decode to exactly the expected wire values.
 */
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeLogs, decodeTraces, type ContentFormat, type WireLogRecord, type WireSpan } from '../../../collectors/index.js';
import { decodeStoredResource, decodeStoredSpan } from '../../../collectors/decodeTracesProto.js';
import { buildSdkLogs, buildSdkSpans, expectedWireLog, expectedWireSpan, serializeLogs, serializeSpans, withoutRaw } from './support/sdkBatches.js';


/** Registers the contract tests for one format. */
export function runDecoderContract(format: ContentFormat): void {
  describe(`decoder contract (${format})`, () => {
    let sdkSpans: ReadableSpan[];
    let spans: WireSpan[];
    let sdkLogs: ReadableLogRecord[];
    let logs: WireLogRecord[];

    beforeAll(async () => {
      sdkSpans = await buildSdkSpans();
      const decoded = decodeTraces(serializeSpans(format, sdkSpans), format);
      if (!decoded.ok) throw new Error(decoded.message);
      expect(decoded.rejected).toEqual([]);
      spans = decoded.items;
      sdkLogs = await buildSdkLogs();
      const decodedLogs = decodeLogs(serializeLogs(format, sdkLogs), format);
      if (!decodedLogs.ok) throw new Error(decodedLogs.message);
      expect(decodedLogs.rejected).toEqual([]);
      logs = decodedLogs.items;
    });

    const byName = (name: string): WireSpan => {
      const s = spans.find((x) => x.name === name);
      if (!s) throw new Error(`no span ${name}`);
      return s;
    };

    it('decodes every span to exactly the expected WireSpan', () => {
      expect(spans).toHaveLength(sdkSpans.length);
      expect(withoutRaw({ ok: true, items: spans }).items).toStrictEqual(sdkSpans.map(expectedWireSpan));
    });

    it(format === 'protobuf' ? "keeps each span's own Span and Resource bytes, which decode back to the same span" : 'keeps no raw bytes for JSON', () => {
      for (const span of spans) {
        if (format !== 'protobuf') {
          expect(span.raw).toBeUndefined();
          continue;
        }
        expect(span.raw).toBeDefined();
        const { raw, resource, scope: _scope, ...own } = span;
        const again = decodeStoredSpan(raw!.span);
        expect(again).toStrictEqual({ ...own, resource: {}, scope: { name: '', version: '' } });
        expect(decodeStoredResource(raw!.resource)).toStrictEqual(resource);
      }
    });

    it.each([
      { key: 'gen_ai.request.model', value: 'gpt-4o-mini' },
      { key: 'gen_ai.usage.input_tokens', value: 1234 },
      { key: 'negative.int', value: -42 },
      { key: 'big.int', value: '1152921504606846976' },
      { key: 'big.negative.int', value: '-4611686018427387904' },
      { key: 'double.pi', value: 3.14159 },
      { key: 'double.one', value: 1 },
      { key: 'double.tiny', value: 1e-300 },
      { key: 'bool.false', value: false },
      { key: 'array.strings', value: ['stop', 'length'] },
      { key: 'array.ints', value: [1, 2, 3] },
      { key: 'array.doubles', value: [0.5, 1.5] },
      { key: 'array.bools', value: [true, false] },
      { key: 'empty.string', value: '' },
      { key: 'unicode.text', value: 'héllo wörld — 你好 🚀' },
    ])('attribute $key has the right value and type', ({ key, value }) => {
      expect(byName('chat gpt-4o-mini').attributes[key]).toStrictEqual(value);
    });

    it('keeps ids lowercase hex and the parent chain', () => {
      const root = byName('agent run');
      const llm = byName('chat gpt-4o-mini');
      expect(root.parentSpanId).toBeNull();
      expect(llm.parentSpanId).toBe(root.spanId);
      expect(llm.traceId).toBe(root.traceId);
      for (const s of spans) {
        expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
        expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      }
    });

    it('keeps nanosecond timestamps exact as decimal strings', () => {
      const llm = byName('chat gpt-4o-mini');
      const sdk = sdkSpans.find((s) => s.name === 'chat gpt-4o-mini') as ReadableSpan;
      expect(llm.endTimeUnixNano).toBe((BigInt(sdk.endTime[0]) * 1_000_000_000n + BigInt(sdk.endTime[1])).toString());
      expect(BigInt(llm.endTimeUnixNano)).toBeGreaterThan(BigInt(llm.startTimeUnixNano));
    });

    it('maps kinds, error status, events and links', () => {
      expect(spans.map((s) => [s.name, s.kind])).toEqual(expect.arrayContaining([
        ['agent run', 1], ['unrelated', 2], ['chat gpt-4o-mini', 3], ['kind 3', 4], ['kind 4', 5],
      ]));
      const llm = byName('chat gpt-4o-mini');
      expect(llm.status).toEqual({ code: 2, message: 'upstream 429' });
      expect(byName('execute_tool get_weather').status).toEqual({ code: 1, message: '' });
      expect(llm.events.map((e) => e.name)).toEqual(['gen_ai.content.prompt', 'exception']);
      expect(llm.events[1]?.attributes['exception.message']).toBe('rate limited');
      expect(llm.links).toEqual([{ traceId: byName('unrelated').traceId, spanId: byName('unrelated').spanId, attributes: { 'link.reason': 'retry-of', 'link.n': 2 } }]);
    });

    it('attaches resource and scope, sharing one resource object per ResourceSpans', () => {
      const llm = byName('chat gpt-4o-mini');
      expect(llm.resource).toMatchObject({ 'service.name': 'chat-api', 'service.version': '2.4.1', 'deployment.environment.name': 'production', 'host.cpu.count': 8 });
      expect(llm.scope).toEqual({ name: 'contract-suite', version: '0.9.0' });
      expect(new Set(spans.map((s) => s.resource)).size).toBe(1);
    });

    it('decodes log records (GenAI content events) with and without trace context', () => {
      expect(logs).toStrictEqual(sdkLogs.map(expectedWireLog));
      const [choice, plain] = logs;
      expect(choice?.eventName).toBe('gen_ai.choice');
      expect(choice?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(choice?.body).toEqual({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi!' }, tokens: [1, 2], raw: 'AAH+/w==' });
      expect(choice?.attributes.big).toBe('1152921504606846976');
      expect(plain).toMatchObject({ traceId: null, spanId: null, eventName: 'gen_ai.user.message', body: 'plain text without trace context' });
    });

    it('decodes an empty request as ok with no items', () => {
      expect(decodeTraces(serializeSpans(format, []), format)).toEqual({ ok: true, items: [], rejected: [] });
      expect(decodeLogs(serializeLogs(format, []), format)).toEqual({ ok: true, items: [], rejected: [] });
      expect(decodeTraces(new Uint8Array(0), format)).toEqual({ ok: true, items: [], rejected: [] });
    });
  });
}
