/** Protobuf decoding tolerates what proto3 allows: unknown fields, any field order, the pre-1.0 field 1000. */
import { describe, expect, it } from 'vitest';
import { decodeTraces } from '../../../collectors/index.js';
import { double, fixed32, fixed64, kv, ld, msg, span, varint } from './support/protoBytes.js';

const TRACE = '5b8ef3d04718cea04cdc3f13d6b1c701';
const SPAN = '0001020304050607';
const ids = { traceId: TRACE, spanId: SPAN };
const unknowns = msg(varint(99, 5), fixed64(98, 1n), fixed32(97, 7), ld(96, 'x'), double(95, 1.5));
const resource = ld(1, msg(kv(1, 'service.name', ld(1, 'svc')), unknowns));
const scope = ld(1, msg(ld(1, 'lib'), ld(2, '2.0'), unknowns));

const cases: { name: string; body: Buffer; expected: Record<string, unknown> }[] = [
  { name: 'unknown fields of every wire type at every level', expected: { name: 'span', resource: { 'service.name': 'svc' }, scope: { name: 'lib', version: '2.0' } },
    body: ld(1, msg(unknowns, resource, ld(2, msg(unknowns, scope, ld(2, span(ids, unknowns, fixed32(16, 257))))))) },
  { name: 'resource and scope after the spans', expected: { resource: { 'service.name': 'svc' }, scope: { name: 'lib', version: '2.0' } },
    body: ld(1, msg(ld(2, msg(ld(2, span(ids)), scope)), resource)) },
  { name: 'pre-1.0 instrumentation_library_spans (field 1000)', expected: { scope: { name: 'lib', version: '2.0' } },
    body: ld(1, msg(resource, ld(1000, msg(scope, ld(2, span(ids)))))) },
  { name: 'kind out of range -> UNSPECIFIED, status code out of range -> UNSET', expected: { kind: 0, status: { code: 0, message: 'm' } },
    body: ld(1, ld(2, ld(2, span(ids, varint(6, 9), ld(15, msg(ld(2, 'm'), varint(3, 7))))))) },
  { name: 'a field with an unexpected wire type is skipped', expected: { name: 'span', kind: 0 },
    body: ld(1, ld(2, ld(2, span(ids, ld(6, 'not a varint'))))) },
  { name: 'negative int32 enum sign-extended to 10 bytes', expected: { kind: 0 },
    body: ld(1, ld(2, ld(2, span(ids, varint(6, -1))))) },
  { name: 'int64 attributes: negative, beyond 2^53; double, bool, bytes, kvlist', body: ld(1, ld(2, ld(2, span(ids,
    kv(9, 'neg', varint(3, -7)), kv(9, 'big', varint(3, 2n ** 62n + 1n)), kv(9, 'd', double(4, 0.1)),
    kv(9, 'b', varint(2, 1)), kv(9, 'bytes', ld(7, Buffer.from([1, 2, 3]))), kv(9, 'map', ld(6, kv(1, 'inner', ld(1, 'v')))), kv(9, 'empty', Buffer.alloc(0)))))),
    expected: { attributes: { neg: -7, big: '4611686018427387905', d: 0.1, b: true, bytes: 'AQID', map: { inner: 'v' }, empty: null } } },
];

describe('protobuf leniency', () => {
  it.each(cases)('$name', ({ body, expected }) => {
    const r = decodeTraces(body, 'protobuf');
    if (!r.ok) throw new Error(r.message);
    expect(r.rejected).toEqual([]);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject(expected);
  });

  it('ignores field 1000 when scope_spans is present (old collectors sent both)', () => {
    const body = ld(1, msg(ld(2, ld(2, span(ids))), ld(1000, ld(2, span(ids)))));
    expect(decodeTraces(body, 'protobuf')).toMatchObject({ ok: true, items: [{ spanId: SPAN }] });
    const r = decodeTraces(body, 'protobuf');
    expect(r.ok && r.items).toHaveLength(1);
  });
});
