/** Bad spans and log records are rejected one by one, counted by reason, and never poison their batch. */
import { describe, expect, it } from 'vitest';
import { decodeLogs, decodeTraces } from '../../../collectors/index.js';
import { buildSdkLogs, serializeLogs } from './support/sdkBatches.js';
import { fixed64, kv, ld, msg, span, traceRequest } from './support/protoBytes.js';

const TRACE = '5b8ef3d04718cea04cdc3f13d6b1c701';
const SPAN = '0001020304050607';
const good = { traceId: TRACE, spanId: SPAN, name: 'good', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000100000000' };

const jsonCases: { name: string; bad: unknown; reason: string }[] = [
  { name: 'missing traceId', bad: { ...good, traceId: undefined }, reason: 'invalid_trace_id' },
  { name: 'non-hex traceId', bad: { ...good, traceId: 'z'.repeat(32) }, reason: 'invalid_trace_id' },
  { name: 'short traceId', bad: { ...good, traceId: TRACE.slice(0, 30) }, reason: 'invalid_trace_id' },
  { name: 'all-zero traceId', bad: { ...good, traceId: '0'.repeat(32) }, reason: 'invalid_trace_id' },
  { name: 'traceId as a number', bad: { ...good, traceId: 12345 }, reason: 'invalid_trace_id' },
  { name: 'base64 traceId of the wrong byte length', bad: { ...good, traceId: 'AAECAwQFBgcICQoLDA0ODxAR' }, reason: 'invalid_trace_id' },
  { name: 'missing spanId', bad: { ...good, spanId: undefined }, reason: 'invalid_span_id' },
  { name: 'all-zero spanId', bad: { ...good, spanId: '0'.repeat(16) }, reason: 'invalid_span_id' },
  { name: 'malformed parentSpanId', bad: { ...good, parentSpanId: 'parent' }, reason: 'invalid_parent_span_id' },
  { name: 'non-numeric start time', bad: { ...good, startTimeUnixNano: 'yesterday' }, reason: 'invalid_start_time' },
  { name: 'negative start time', bad: { ...good, startTimeUnixNano: -5 }, reason: 'invalid_start_time' },
  { name: 'fractional start time', bad: { ...good, startTimeUnixNano: '1.5' }, reason: 'invalid_start_time' },
  { name: 'missing start time', bad: { ...good, startTimeUnixNano: undefined }, reason: 'invalid_start_time' },
  { name: 'start time beyond uint64', bad: { ...good, startTimeUnixNano: '18446744073709551616' }, reason: 'invalid_start_time' },
  { name: 'missing end time', bad: { ...good, endTimeUnixNano: undefined }, reason: 'invalid_end_time' },
  { name: 'span that is not an object', bad: 'span', reason: 'invalid_span' },
  { name: 'attributes as a {k: v} object (hand-rolled JSON)', bad: { ...good, attributes: { model: 'gpt-4o' } }, reason: 'invalid_attributes' },
  { name: 'non-integer intValue string', bad: { ...good, attributes: [{ key: 'n', value: { intValue: 'many' } }] }, reason: 'invalid_attributes' },
  { name: 'attribute without a key', bad: { ...good, attributes: [{ value: { intValue: 1 } }] }, reason: 'invalid_attributes' },
  { name: 'events that are not an array', bad: { ...good, events: { name: 'e' } }, reason: 'invalid_field' },
];

const protoGood = span({ traceId: TRACE, spanId: SPAN });
const protoCases: { name: string; bad: Buffer; reason: string }[] = [
  { name: 'missing trace_id', bad: span({ traceId: '', spanId: SPAN }), reason: 'invalid_trace_id' },
  { name: '8-byte trace_id', bad: span({ traceId: SPAN, spanId: SPAN }), reason: 'invalid_trace_id' },
  { name: 'all-zero trace_id', bad: span({ traceId: '0'.repeat(32), spanId: SPAN }), reason: 'invalid_trace_id' },
  { name: 'missing span_id', bad: span({ traceId: TRACE, spanId: '' }), reason: 'invalid_span_id' },
  { name: '16-byte span_id', bad: span({ traceId: TRACE, spanId: TRACE }), reason: 'invalid_span_id' },
  { name: 'all-zero span_id', bad: span({ traceId: TRACE, spanId: '0'.repeat(16) }), reason: 'invalid_span_id' },
  { name: '4-byte parent_span_id', bad: span({ traceId: TRACE, spanId: SPAN, parentSpanId: 'deadbeef' }), reason: 'invalid_parent_span_id' },
  { name: 'missing start time', bad: msg(ld(1, Buffer.from(TRACE, 'hex')), ld(2, Buffer.from(SPAN, 'hex')), fixed64(8, 5n)), reason: 'invalid_start_time' },
  { name: 'missing end time', bad: msg(ld(1, Buffer.from(TRACE, 'hex')), ld(2, Buffer.from(SPAN, 'hex')), fixed64(7, 5n)), reason: 'invalid_end_time' },
];

describe('per-span rejection, JSON', () => {
  it.each(jsonCases)('$name -> $reason', ({ bad, reason }) => {
    const body = { resourceSpans: [{ scopeSpans: [{ spans: [good, bad, good] }] }] };
    const r = decodeTraces(Buffer.from(JSON.stringify(body)), 'json');
    if (!r.ok) throw new Error(r.message);
    expect(r.items.map((s) => s.name)).toEqual(['good', 'good']);
    expect(r.rejected).toEqual([{ reason, count: 1 }]);
  });
});

describe('per-span rejection, protobuf', () => {
  it.each(protoCases)('$name -> $reason', ({ bad, reason }) => {
    const r = decodeTraces(traceRequest([protoGood, bad, protoGood]), 'protobuf');
    if (!r.ok) throw new Error(r.message);
    expect(r.items).toHaveLength(2);
    expect(r.rejected).toEqual([{ reason, count: 1 }]);
  });
});

describe('rejection counts', () => {
  it('a protobuf span with malformed content is rejected alone, the batch kept', () => {
    const bad = span({ traceId: TRACE, spanId: SPAN }, ld(9, Buffer.from([0x0a, 0x7f])));
    const r = decodeTraces(traceRequest([span({ traceId: TRACE, spanId: SPAN }), bad]), 'protobuf');
    expect(r).toMatchObject({ ok: true, rejected: [{ reason: 'invalid_span', count: 1 }] });
    expect(r.ok && r.items).toHaveLength(1);
  });

  it('counts several reasons in one batch', () => {
    const spans = [
      { ...good, traceId: 'x' }, { ...good, traceId: 'y' }, { ...good, traceId: '' },
      { ...good, spanId: 'bad' }, { ...good, spanId: '0'.repeat(16) }, good,
    ];
    const r = decodeTraces(Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans }] }] })), 'json');
    expect(r).toMatchObject({ ok: true, rejected: [{ reason: 'invalid_trace_id', count: 3 }, { reason: 'invalid_span_id', count: 2 }] });
    expect(r.ok && r.items).toHaveLength(1);
  });

  it('an OTLP logs export sent to /v1/traces decodes as id-less spans that are all rejected', async () => {
    const body = serializeLogs('protobuf', await buildSdkLogs());
    const r = decodeTraces(body, 'protobuf');
    if (!r.ok) throw new Error(r.message);
    expect(r.items).toEqual([]);
    // each record is rejected alone: as id-less, or as malformed where its trace_id lands on field 9 (attributes)
    expect(r.rejected.reduce((n, c) => n + c.count, 0)).toBe(2);
    expect(r.rejected.every((c) => c.reason === 'invalid_trace_id' || c.reason === 'invalid_span')).toBe(true);
  });
});

describe('per-record rejection, logs', () => {
  const rec = { timeUnixNano: '1', body: { stringValue: 'ok' } };
  it.each([
    { name: 'malformed traceId', bad: { ...rec, traceId: 'nope' }, reason: 'invalid_trace_id' },
    { name: 'malformed spanId', bad: { ...rec, traceId: TRACE, spanId: 'nope' }, reason: 'invalid_span_id' },
    { name: 'unparseable time', bad: { ...rec, timeUnixNano: 'noon' }, reason: 'invalid_timestamp' },
    { name: 'attributes as an object', bad: { ...rec, attributes: { a: 1 } }, reason: 'invalid_attributes' },
    { name: 'record that is not an object', bad: 42, reason: 'invalid_log_record' },
  ])('JSON: $name -> $reason', ({ bad, reason }) => {
    const r = decodeLogs(Buffer.from(JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [rec, bad] }] }] })), 'json');
    expect(r).toMatchObject({ ok: true, rejected: [{ reason, count: 1 }] });
    expect(r.ok && r.items).toHaveLength(1);
  });

  it('a record with malformed content is rejected alone, the batch kept', () => {
    const okRec = msg(fixed64(1, 1n), ld(5, ld(1, 'ok')));
    const body = ld(1, ld(2, msg(ld(2, okRec), ld(2, msg(ld(6, Buffer.from([0x0a, 0x7f])))), ld(2, okRec))));
    expect(decodeLogs(body, 'protobuf')).toMatchObject({ ok: true, rejected: [{ reason: 'invalid_log_record', count: 1 }] });
  });

  it.each([
    { name: '5-byte trace_id', bad: msg(fixed64(1, 1n), ld(9, Buffer.alloc(5, 1))), reason: 'invalid_trace_id' },
    { name: '3-byte span_id', bad: msg(fixed64(1, 1n), ld(9, Buffer.from(TRACE, 'hex')), ld(10, Buffer.alloc(3, 1))), reason: 'invalid_span_id' },
  ])('protobuf: $name -> $reason', ({ bad, reason }) => {
    const okRec = msg(fixed64(1, 1n), ld(5, ld(1, 'ok')), kv(6, 'k', ld(1, 'v')));
    const body = ld(1, ld(2, msg(ld(2, okRec), ld(2, bad))));
    const r = decodeLogs(body, 'protobuf');
    expect(r).toMatchObject({ ok: true, rejected: [{ reason, count: 1 }] });
    expect(r.ok && r.items).toEqual([{ traceId: null, spanId: null, timeUnixNano: '1', eventName: null, body: 'ok', attributes: { k: 'v' }, resource: {} }]);
  });
});
