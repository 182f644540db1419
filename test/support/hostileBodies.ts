/**
 * Hand-encoded OTLP protobuf request bodies for hostile-tenant tests and bench/hostile.ts: many tiny
 * one-span traces, one huge trace, and values nested absurdly deep (built without the SDK, which
 * cannot produce them this fast or at all).
 */
import { randomBytes } from 'node:crypto';

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A length-delimited field. */
function field(tag: number, body: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(tag << 3) | 2, ...varint(body.length)]), body]);
}
const str = (tag: number, s: string) => field(tag, Buffer.from(s, 'utf8'));
function fixed64(tag: number, v: bigint): Buffer {
  const b = Buffer.alloc(9);
  b[0] = (tag << 3) | 1;
  b.writeBigUInt64LE(v, 1);
  return b;
}

/** One Span message: `traceId` 32 hex, `spanId` 16 hex, optional parent, attributes as raw KeyValue fields. */
export function spanMessage(traceId: string, spanId: string, parentSpanId: string | null, startNanos: bigint, extra: Buffer[] = []): Buffer {
  return Buffer.concat([
    field(1, Buffer.from(traceId, 'hex')),
    field(2, Buffer.from(spanId, 'hex')),
    ...(parentSpanId ? [field(4, Buffer.from(parentSpanId, 'hex'))] : []),
    str(5, 'op'),
    Buffer.from([0x30, 1]),
    fixed64(7, startNanos),
    fixed64(8, startNanos + 1_000_000n),
    ...extra,
  ]);
}

/** An ExportTraceServiceRequest holding `spans` (Span messages) under one resource and scope. */
export function traceRequest(spans: Buffer[], serviceName = 'hostile'): Buffer {
  const resource = field(1, field(1, Buffer.concat([str(1, 'service.name'), field(2, str(1, serviceName))])));
  const scopeSpans = field(2, Buffer.concat([field(1, str(1, 'scope')), ...spans.map((s) => field(2, s))]));
  return field(1, Buffer.concat([resource, scopeSpans]));
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const nowNanos = () => BigInt(Date.now()) * 1_000_000n;

/** `count` traces of one span each (the point-4 body: 300,000 of them are ~19 MiB). */
export function oneSpanTraces(count: number): Buffer {
  const start = nowNanos();
  return traceRequest(Array.from({ length: count }, () => spanMessage(hex(16), hex(8), null, start)));
}

/** One trace of `count` spans (a root and its children); returns the body and the trace id. */
export function bigTrace(count: number, traceId = hex(16)): { body: Buffer; traceId: string } {
  const start = nowNanos();
  const root = hex(8);
  const spans = [spanMessage(traceId, root, null, start)];
  for (let i = 1; i < count; i++) spans.push(spanMessage(traceId, hex(8), root, start + BigInt(i)));
  return { body: traceRequest(spans), traceId };
}

/** A KeyValue attribute whose AnyValue nests arrayValue `depth` levels deep around a string. */
export function deepArrayAttribute(key: string, depth: number): Buffer {
  let value: Buffer = str(1, 'bottom'); // AnyValue{string_value}
  for (let i = 0; i < depth; i++) value = field(5, field(1, value)); // AnyValue{array_value: ArrayValue{values: [value]}}
  return field(9, Buffer.concat([str(1, key), field(2, value)]));
}

/** An OTLP/JSON attribute whose value nests kvlistValue `depth` levels deep. */
export function deepKvlistJson(depth: number): string {
  let value = '{"stringValue":"bottom"}';
  for (let i = 0; i < depth; i++) value = `{"kvlistValue":{"values":[{"key":"k","value":${value}}]}}`;
  return value;
}
