/** Where real exporters deviate from OTLP/JSON, the decoder accepts what they mean. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeLogs, decodeTraces, type WireSpan } from '../../../collectors/index.js';

const TRACE = '5b8ef3d04718cea04cdc3f13d6b1c701';
const SPAN = '0001020304050607';
const baseSpan = { traceId: TRACE, spanId: SPAN, name: 's', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000100000000' };

function decodeOne(span: Record<string, unknown>): WireSpan {
  const body = { resourceSpans: [{ scopeSpans: [{ spans: [{ ...baseSpan, ...span }] }] }] };
  const r = decodeTraces(Buffer.from(JSON.stringify(body)), 'json');
  if (!r.ok) throw new Error(r.message);
  expect(r.rejected).toEqual([]);
  expect(r.items).toHaveLength(1);
  return r.items[0] as WireSpan;
}

const attr = (value: unknown): Record<string, unknown> => ({ attributes: [{ key: 'a', value }] });

const cases: { name: string; span: Record<string, unknown>; expected: Partial<WireSpan> }[] = [
  { name: 'intValue as a JSON number (JS exporter)', span: attr({ intValue: 7 }), expected: { attributes: { a: 7 } } },
  { name: 'intValue as a decimal string (spec)', span: attr({ intValue: '7' }), expected: { attributes: { a: 7 } } },
  { name: 'intValue string beyond 2^53 stays exact', span: attr({ intValue: '9007199254740993' }), expected: { attributes: { a: '9007199254740993' } } },
  { name: 'negative int64 string', span: attr({ intValue: '-9223372036854775808' }), expected: { attributes: { a: '-9223372036854775808' } } },
  { name: 'whole-number double sent as intValue 1', span: attr({ intValue: 1 }), expected: { attributes: { a: 1 } } },
  { name: 'doubleValue as a string', span: attr({ doubleValue: '2.5' }), expected: { attributes: { a: 2.5 } } },
  { name: 'bare primitive instead of AnyValue', span: attr('plain'), expected: { attributes: { a: 'plain' } } },
  { name: 'empty AnyValue -> null', span: attr({}), expected: { attributes: { a: null } } },
  { name: 'kvlist and array values', span: attr({ kvlistValue: { values: [{ key: 'k', value: { arrayValue: { values: [{ boolValue: true }, { stringValue: 'x' }] } } }] } }), expected: { attributes: { a: { k: [true, 'x'] } } } },
  { name: 'bytesValue kept as base64', span: attr({ bytesValue: 'AAH+/w==' }), expected: { attributes: { a: 'AAH+/w==' } } },
  { name: 'uppercase hex ids', span: { traceId: TRACE.toUpperCase(), spanId: SPAN.toUpperCase() }, expected: { traceId: TRACE, spanId: SPAN } },
  { name: 'base64 ids (24/12 chars)', span: { traceId: 'W47z0EcYzqBM3D8T1rHHAQ==', spanId: 'AAECAwQFBgc=' }, expected: { traceId: TRACE, spanId: SPAN } },
  { name: 'base64 parent id', span: { parentSpanId: 'AAECAwQFBgg=' }, expected: { parentSpanId: '0001020304050608' } },
  { name: 'all-zero parent id is a root', span: { parentSpanId: '0000000000000000' }, expected: { parentSpanId: null } },
  { name: 'empty parent id is a root', span: { parentSpanId: '' }, expected: { parentSpanId: null } },
  { name: 'kind as enum name', span: { kind: 'SPAN_KIND_CLIENT' }, expected: { kind: 3 } },
  { name: 'kind as numeric string', span: { kind: '2' }, expected: { kind: 2 } },
  { name: 'unknown kind -> UNSPECIFIED', span: { kind: 'SPAN_KIND_MARTIAN' }, expected: { kind: 0 } },
  { name: 'status code as enum name', span: { status: { code: 'STATUS_CODE_ERROR', message: 'x' } }, expected: { status: { code: 2, message: 'x' } } },
  { name: 'timestamps as JSON numbers', span: { startTimeUnixNano: 1700000000000000000, endTimeUnixNano: 1700000001000000000 }, expected: { startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000' } },
  { name: 'timestamps with leading zeros', span: { startTimeUnixNano: '0001700000000000000000' }, expected: { startTimeUnixNano: '1700000000000000000' } },
  { name: 'missing optional fields (name, kind, status, attributes, events, links)', span: { name: undefined }, expected: { name: '', kind: 0, status: { code: 0, message: '' }, attributes: {}, events: [], links: [] } },
  { name: 'unknown fields are ignored', span: { droppedAttributesCount: 3, flags: 257, traceState: 'a=b', futureField: { x: 1 } }, expected: { name: 's' } },
  { name: 'duplicate attribute keys: the later wins', span: { attributes: [{ key: 'a', value: { intValue: 1 } }, { key: 'a', value: { intValue: 2 } }] }, expected: { attributes: { a: 2 } } },
  { name: 'a malformed link is dropped, the span kept', span: { links: [{ traceId: 'nope', spanId: SPAN }] }, expected: { links: [] } },
];

describe('OTLP/JSON leniency', () => {
  it.each(cases)('$name', ({ span, expected }) => {
    expect(decodeOne(span)).toMatchObject(expected);
  });

  it('an attribute named __proto__ is stored as data, not as a prototype', () => {
    const s = decodeOne(attr({ stringValue: 'x' }));
    const p = decodeOne({ attributes: [{ key: '__proto__', value: { kvlistValue: { values: [{ key: 'polluted', value: { boolValue: true } }] } } }] });
    expect(Object.getPrototypeOf(p.attributes)).toBe(Object.prototype);
    expect(Object.keys(p.attributes)).toEqual(['__proto__']);
    expect((s.attributes as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decodes the legacy fixture (base64 ids, enum names, instrumentationLibrarySpans, number timestamps)', () => {
    const r = decodeTraces(readFileSync(new URL('../../fixtures/otlp/traces-legacy-quirks.json', import.meta.url)), 'json');
    expect(r).toStrictEqual({
      ok: true,
      rejected: [],
      items: [{
        traceId: TRACE, spanId: SPAN, parentSpanId: null, name: 'legacy call', kind: 3,
        startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000250000000',
        attributes: { 'gen_ai.usage.input_tokens': 42, big: '9007199254740993', ratio: 0.5 },
        events: [], links: [], status: { code: 2, message: 'boom' },
        resource: { 'service.name': 'swift-app' }, scope: { name: 'old-lib', version: '0.1' },
      }],
    });
  });

  it('prefers scopeSpans over the deprecated key when both are present', () => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [baseSpan] }], instrumentationLibrarySpans: [{ spans: [baseSpan] }] }] };
    const r = decodeTraces(Buffer.from(JSON.stringify(body)), 'json');
    expect(r.ok && r.items.length).toBe(1);
  });

  it.each([
    { name: 'a leading BOM', body: '\uFEFF{"resourceSpans":[]}' },
    { name: 'whitespace only', body: '  \n' },
    { name: 'an empty object', body: '{}' },
  ])('accepts $name as an empty request', ({ body }) => {
    expect(decodeTraces(Buffer.from(body), 'json')).toEqual({ ok: true, items: [], rejected: [] });
  });

  it.each([
    { name: 'old instrumentationLibraryLogs key, base64 ids, eventName from attribute', body: {
      resourceLogs: [{ instrumentationLibraryLogs: [{ logRecords: [{ traceId: 'W47z0EcYzqBM3D8T1rHHAQ==', spanId: 'AAECAwQFBgc=', observedTimeUnixNano: 5, body: { stringValue: 'hi' }, attributes: [{ key: 'event.name', value: { stringValue: 'gen_ai.user.message' } }] }] }] }],
    }, expected: { traceId: TRACE, spanId: SPAN, timeUnixNano: '5', eventName: 'gen_ai.user.message', body: 'hi' } },
    { name: 'no trace context and no time', body: { resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: { intValue: '3' } }] }] }] },
      expected: { traceId: null, spanId: null, timeUnixNano: '0', eventName: null, body: 3 } },
    { name: 'all-zero ids mean no trace context', body: { resourceLogs: [{ scopeLogs: [{ logRecords: [{ traceId: '0'.repeat(32), spanId: '0'.repeat(16), timeUnixNano: '9', eventName: 'e' }] }] }] },
      expected: { traceId: null, spanId: null, timeUnixNano: '9', eventName: 'e', body: null } },
  ])('logs: $name', ({ body, expected }) => {
    const r = decodeLogs(Buffer.from(JSON.stringify(body)), 'json');
    if (!r.ok) throw new Error(r.message);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject(expected);
  });
});
