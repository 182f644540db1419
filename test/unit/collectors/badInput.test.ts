/** Undecodable requests give {ok:false} with a message saying what was expected (the HTTP layer's 400). */
import { describe, expect, it } from 'vitest';
import { decodeLogs, decodeTraces, type ContentFormat } from '../../../collectors/index.js';
import { buildSdkLogs, buildSdkSpans, serializeLogs, serializeSpans } from './support/sdkBatches.js';
import { deepArrayAttribute, spanMessage, traceRequest } from '../../support/hostileBodies.js';
import { MAX_ANY_VALUE_DEPTH, TRUNCATED_VALUE } from '../../../collectors/anyValueDepth.js';

const spans = await buildSdkSpans();
const protoBody = Buffer.from(serializeSpans('protobuf', spans));
const logsBody = Buffer.from(serializeLogs('protobuf', await buildSdkLogs()));

// A valid span whose attribute `k` is AnyValue.array_value.values nested 20k deep.
const deepSpanBody = traceRequest([spanMessage('5b8ef3d04718cea04cdc3f13d6b1c701', '0001020304050607', null, 1_000_000n, [deepArrayAttribute('k', 20000)])]);

const deepJson = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8ef3d04718cea04cdc3f13d6b1c701","spanId":"0001020304050607","startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"k","value":${'{"arrayValue":{"values":['.repeat(20000)}{"intValue":1}${']}}'.repeat(20000)}}]}]}]}]}`;

const cases: { name: string; format: ContentFormat; body: Buffer | string; message: RegExp }[] = [
  { name: 'protobuf truncated by one byte', format: 'protobuf', body: protoBody.subarray(0, protoBody.length - 1), message: /invalid protobuf ExportTraceServiceRequest/ },
  { name: 'protobuf truncated in half', format: 'protobuf', body: protoBody.subarray(0, protoBody.length >> 1), message: /runs past|truncated/ },
  { name: 'random garbage as protobuf', format: 'protobuf', body: Buffer.from('\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff', 'latin1'), message: /invalid protobuf/ },
  { name: 'JSON text sent as protobuf', format: 'protobuf', body: '{"resourceSpans":[]}', message: /invalid protobuf/ },
  { name: 'group wire type (3)', format: 'protobuf', body: Buffer.from([0x0b]), message: /wire type 3/ },
  { name: 'length prefix past the end', format: 'protobuf', body: Buffer.from([0x0a, 0x10, 0x01]), message: /runs past/ },
  { name: 'varint longer than 10 bytes', format: 'protobuf', body: Buffer.from([0x08, ...Array(11).fill(0xff), 0x01]), message: /varint/ },
  { name: 'invalid JSON', format: 'json', body: '{"resourceSpans": [', message: /invalid JSON/ },
  { name: 'protobuf bytes sent as JSON', format: 'json', body: protoBody, message: /invalid JSON/ },
  { name: 'a JSON array', format: 'json', body: '[]', message: /expected a JSON object, got an array/ },
  { name: 'a JSON string', format: 'json', body: '"spans"', message: /expected a JSON object, got string/ },
  { name: 'JSON null', format: 'json', body: 'null', message: /got null/ },
  { name: 'snake_case resource_spans', format: 'json', body: '{"resource_spans":[{"scope_spans":[]}]}', message: /snake_case.*resourceSpans/ },
  { name: 'snake_case scope_spans', format: 'json', body: '{"resourceSpans":[{"scope_spans":[]}]}', message: /snake_case.*scopeSpans/ },
  { name: 'resourceSpans is an object', format: 'json', body: '{"resourceSpans":{"scopeSpans":[]}}', message: /resourceSpans must be an array/ },
  { name: 'resourceSpans entry is a string', format: 'json', body: '{"resourceSpans":["x"]}', message: /must be an object/ },
  { name: 'spans is a number', format: 'json', body: '{"resourceSpans":[{"scopeSpans":[{"spans":3}]}]}', message: /spans must be an array/ },
  { name: 'resource attributes as a {k: v} object', format: 'json', body: '{"resourceSpans":[{"resource":{"attributes":{"service.name":"x"}},"scopeSpans":[]}]}', message: /attributes must be an array/ },
];

describe('undecodable trace requests', () => {
  it.each(cases)('$name', ({ format, body, message }) => {
    const r = decodeTraces(typeof body === 'string' ? Buffer.from(body) : body, format);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});

describe('AnyValue nested deeper than 64 levels', () => {
  it.each([
    { name: 'protobuf arrayValue 20000 deep', format: 'protobuf' as const, body: deepSpanBody },
    { name: 'JSON arrayValue 20000 deep', format: 'json' as const, body: Buffer.from(deepJson) },
  ])('$name: decoded, the value truncated at depth 64 and counted on its span', ({ format, body }) => {
    const r = decodeTraces(body, format);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items).toHaveLength(1);
    const span = r.items[0]!;
    expect(span.truncatedValues).toBe(1);
    let v: unknown = span.attributes.k;
    let depth = 0;
    while (Array.isArray(v)) {
      v = v[0];
      depth++;
    }
    expect(depth).toBe(MAX_ANY_VALUE_DEPTH + 1);
    expect(v).toBe(TRUNCATED_VALUE);
  });

  it('keeps a value exactly 64 levels deep whole', () => {
    let value = '{"intValue":1}';
    for (let i = 0; i < MAX_ANY_VALUE_DEPTH; i++) value = `{"arrayValue":{"values":[${value}]}}`;
    const r = decodeTraces(Buffer.from(deepJson.replace(/\{"arrayValue".*\]\}\}(?=\}\]\}\]\}\]\}\]\})/, value)), 'json');
    expect(r.ok && r.items[0]!.truncatedValues).toBeUndefined();
  });
});

describe('undecodable log requests', () => {
  it.each([
    { name: 'protobuf truncated', format: 'protobuf' as const, body: logsBody.subarray(0, logsBody.length - 3), message: /ExportLogsServiceRequest/ },
    { name: 'snake_case resource_logs', format: 'json' as const, body: Buffer.from('{"resource_logs":[]}'), message: /snake_case.*resourceLogs/ },
    { name: 'logRecords is a string', format: 'json' as const, body: Buffer.from('{"resourceLogs":[{"scopeLogs":[{"logRecords":"x"}]}]}'), message: /logRecords must be an array/ },
    { name: 'a JSON number', format: 'json' as const, body: Buffer.from('42'), message: /expected a JSON object/ },
  ])('$name', ({ format, body, message }) => {
    const r = decodeLogs(body, format);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });
});

describe('every truncation of a real protobuf body is handled without throwing', () => {
  it('decodes each prefix to either ok or a message, never an exception', () => {
    let failures = 0;
    for (let n = 0; n < protoBody.length; n += 7) {
      const r = decodeTraces(protoBody.subarray(0, n), 'protobuf');
      if (!r.ok) failures++;
    }
    expect(failures).toBeGreaterThan(0);
  });
});
