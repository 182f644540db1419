/**
 * A tiny protobuf encoder for hand-built test messages (bad ids, unknown fields, legacy field 1000),
 * independent of the decoder under test.
 */
type Field = Buffer;

function varintBytes(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  while (v >= 0x80n) { out.push(Number(v & 0x7fn) | 0x80); v >>= 7n; }
  out.push(Number(v));
  return out;
}

function tag(field: number, wireType: number): number[] {
  return varintBytes(BigInt(field * 8 + wireType));
}

/** Concatenates encoded fields into a message body. */
export function msg(...fields: Field[]): Buffer {
  return Buffer.concat(fields);
}

/** A length-delimited field (bytes, string or embedded message). */
export function ld(field: number, payload: Buffer | string | Uint8Array): Field {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : Buffer.from(payload);
  return Buffer.concat([Buffer.from([...tag(field, 2), ...varintBytes(BigInt(body.length))]), body]);
}

/** A varint field (int32/int64/uint32/bool/enum). */
export function varint(field: number, value: number | bigint): Field {
  return Buffer.from([...tag(field, 0), ...varintBytes(BigInt(value))]);
}

/** A fixed64 field (little-endian). */
export function fixed64(field: number, value: bigint): Field {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, value));
  return Buffer.concat([Buffer.from(tag(field, 1)), b]);
}

/** A double field. */
export function double(field: number, value: number): Field {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return Buffer.concat([Buffer.from(tag(field, 1)), b]);
}

/** A fixed32 field. */
export function fixed32(field: number, value: number): Field {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value);
  return Buffer.concat([Buffer.from(tag(field, 5)), b]);
}

/** KeyValue {1 key, 2 value AnyValue} as attribute field `field`. */
export function kv(field: number, key: string, anyValue: Buffer): Field {
  return ld(field, msg(ld(1, key), ld(2, anyValue)));
}

/** A Span with the given ids (hex; '' omits the field) and optional extra fields. */
export function span(ids: { traceId: string; spanId: string; parentSpanId?: string }, ...extra: Field[]): Buffer {
  return msg(
    ...(ids.traceId !== '' ? [ld(1, Buffer.from(ids.traceId, 'hex'))] : []),
    ...(ids.spanId !== '' ? [ld(2, Buffer.from(ids.spanId, 'hex'))] : []),
    ...(ids.parentSpanId !== undefined ? [ld(4, Buffer.from(ids.parentSpanId, 'hex'))] : []),
    ld(5, 'span'),
    fixed64(7, 1_700_000_000_000_000_000n),
    fixed64(8, 1_700_000_000_500_000_000n),
    ...extra,
  );
}

/** ExportTraceServiceRequest with one ResourceSpans / ScopeSpans holding `spans`. */
export function traceRequest(spans: Buffer[], resourceFields: Field[] = []): Buffer {
  return ld(1, msg(...resourceFields, ld(2, msg(ld(1, msg(ld(1, 'scope'), ld(2, '1.0'))), ...spans.map((s) => ld(2, s))))));
}
