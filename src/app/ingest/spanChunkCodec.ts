/**
 * Span chunks: the storage encoding of the spans of one trace that arrive in one commit. The stores
 * keep one row per chunk instead of one wide row per span: a 512-span request of 8-span traces is 64
 * row inserts, not 512.
 *
 * A chunk body is a header (its distinct resources and scopes) followed by one record per span:
 *   resources: varint count, then per resource: u8 format, varint length, bytes
 *   scopes:    varint count, then per scope: varint length + name (UTF-8), varint length + version
 *   record:    varint resource index, varint scope index, u8 format, varint length + span bytes,
 *              and for format 2 only: varint length + facts JSON, f64 startMs, f64 durationMs, then
 *              service name, release, environment as nullable strings (u8 0 = null, else 1 + string)
 * Format 1 (OTLP protobuf): the span's own Span message / its Resource message exactly as received
 * (WireSpan.raw: no re-serialization). Its row is rebuilt on read the way ingest built it: decoded
 * with the collector's own span decoder, facts recomputed (computeSpanFacts is a pure function of
 * the span), so nothing derived is stored twice. Format 2 (JSON): rows that came without protobuf
 * bytes (OTLP JSON, direct store callers): the span, its facts and derived columns as given.
 */
import { decodeStoredResource, decodeStoredSpan } from '../../../collectors/decodeTracesProto.js';
import type { Attributes, WireSpan } from '../../../collectors/wireTypes.js';
import { computeSpanFacts } from '../../domain/facts/index.js';
import type { SpanFacts } from '../../domain/facts/types.js';
import type { SpanRow } from '../ports.js';
import { spanRowOf } from './toSpanRows.js';

export const CHUNK_FORMAT_PROTO = 1;
export const CHUNK_FORMAT_JSON = 2;

/** A growable byte buffer with the few writes the chunk format needs. */
export class ByteWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 65_536) {
    this.buf = Buffer.allocUnsafeSlow(initialBytes);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  varint(n: number): void {
    this.ensure(5);
    while (n > 0x7f) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.pos++] = n;
  }

  /** Length-prefixed bytes. */
  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  f64(n: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(n, this.pos);
    this.pos += 8;
  }

  nullableUtf8(s: string | null): void {
    if (s === null) this.byte(0);
    else {
      this.byte(1);
      this.utf8(s);
    }
  }

  /** Length-prefixed UTF-8 (lone surrogates become U+FFFD, as Buffer.write does). */
  utf8(s: string): void {
    const max = s.length * 3;
    this.ensure(max + 5);
    // Reserve the length prefix for the worst case when it may need more than one byte.
    const prefix = max < 0x80 ? 1 : max < 0x4000 ? 2 : max < 0x200000 ? 3 : 4;
    const start = this.pos + prefix;
    const written = this.buf.write(s, start, 'utf8');
    let n = written;
    let p = this.pos;
    for (let i = 1; i < prefix; i++) {
      this.buf[p++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[p++] = n;
    if (n > 0x7f) throw new RangeError('chunk string length prefix overflow');
    this.pos = start + written;
  }
}

/** A reader over a chunk body. */
export class ByteReader {
  pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('truncated span chunk');
    return this.buf[this.pos++]!;
  }

  varint(): number {
    let n = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      n += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return n;
    }
    throw new RangeError('bad varint in span chunk');
  }

  bytes(): Uint8Array {
    const n = this.varint();
    if (this.pos + n > this.buf.length) throw new RangeError('truncated span chunk');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  f64(): number {
    if (this.pos + 8 > this.buf.length) throw new RangeError('truncated span chunk');
    const n = Buffer.from(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength).readDoubleLE(this.pos);
    this.pos += 8;
    return n;
  }

  nullableUtf8(): string | null {
    return this.byte() === 0 ? null : this.utf8();
  }

  utf8(): string {
    const b = this.bytes();
    return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  }
}

/**
 * Writes the header for `rows` (all of one trace): their distinct resources, told apart by identity
 * (the decoder shares one object per ResourceSpans), and their distinct scopes. Returns each row's
 * resource and scope index.
 */
export function writeChunkHeader(w: ByteWriter, rows: readonly SpanRow[]): { resourceOf: number[]; scopeOf: number[] } {
  const index = new Map<object, number>();
  const resources: SpanRow[] = [];
  const resourceOf = rows.map((row) => {
    const key: object = row.raw ? row.raw.resource : row.resource;
    let i = index.get(key);
    if (i === undefined) {
      index.set(key, (i = resources.length));
      resources.push(row);
    }
    return i;
  });
  w.varint(resources.length);
  for (const row of resources) {
    if (row.raw) {
      w.byte(CHUNK_FORMAT_PROTO);
      w.bytes(row.raw.resource);
    } else {
      w.byte(CHUNK_FORMAT_JSON);
      w.utf8(JSON.stringify(row.resource));
    }
  }
  // Few scopes per trace: a linear search beats building keys.
  const scopes: SpanRow[] = [];
  const scopeOf = rows.map((row) => {
    let i = scopes.findIndex((s) => s.scopeName === row.scopeName && s.scopeVersion === row.scopeVersion);
    if (i === -1) i = scopes.push(row) - 1;
    return i;
  });
  w.varint(scopes.length);
  for (const row of scopes) {
    w.utf8(row.scopeName);
    w.utf8(row.scopeVersion);
  }
  return { resourceOf, scopeOf };
}

/** Writes one span record (see the module comment). */
export function writeChunkRecord(w: ByteWriter, row: SpanRow, resourceIndex: number, scopeIndex: number): void {
  w.varint(resourceIndex);
  w.varint(scopeIndex);
  if (row.raw) {
    w.byte(CHUNK_FORMAT_PROTO);
    w.bytes(row.raw.span);
    return;
  }
  w.byte(CHUNK_FORMAT_JSON);
  const wire: Omit<WireSpan, 'resource' | 'scope' | 'raw'> = {
    traceId: row.traceId,
    spanId: row.spanId,
    parentSpanId: row.parentSpanId,
    name: row.name,
    kind: row.kind as WireSpan['kind'],
    startTimeUnixNano: row.startTimeUnixNano,
    endTimeUnixNano: row.endTimeUnixNano,
    attributes: row.attributes,
    events: row.events,
    links: row.links,
    status: { code: row.statusCode, message: row.statusMessage },
  };
  w.utf8(JSON.stringify(wire));
  w.utf8(JSON.stringify(row.facts));
  w.f64(row.startMs);
  w.f64(row.durationMs);
  w.nullableUtf8(row.serviceName);
  w.nullableUtf8(row.release);
  w.nullableUtf8(row.environment);
}

/** Encodes the spans of one trace as a standalone chunk body. */
export function encodeChunk(rows: readonly SpanRow[]): Buffer {
  const w = new ByteWriter(4096);
  const { resourceOf, scopeOf } = writeChunkHeader(w, rows);
  rows.forEach((row, i) => writeChunkRecord(w, row, resourceOf[i]!, scopeOf[i]!));
  return w.buf.subarray(0, w.pos);
}

/**
 * Decodes a chunk body written by writeChunkHeader + writeChunkRecord into the spans' rows (of
 * `projectId`). Throws RangeError/ProtoError/SyntaxError on a corrupt body.
 */
export function decodeChunk(projectId: string, body: Uint8Array): SpanRow[] {
  const r = new ByteReader(body);
  const resources: Attributes[] = [];
  for (let n = r.varint(); n > 0; n--) {
    const format = r.byte();
    resources.push(format === CHUNK_FORMAT_PROTO ? decodeStoredResource(r.bytes()) : (JSON.parse(r.utf8()) as Attributes));
  }
  const scopes: WireSpan['scope'][] = [];
  for (let n = r.varint(); n > 0; n--) scopes.push({ name: r.utf8(), version: r.utf8() });
  const rows: SpanRow[] = [];
  while (r.pos < body.length) {
    const resource = resources[r.varint()];
    const scope = scopes[r.varint()];
    if (resource === undefined || scope === undefined) throw new RangeError('span chunk refers to a missing resource or scope');
    const format = r.byte();
    if (format === CHUNK_FORMAT_PROTO) {
      const wire = decodeStoredSpan(r.bytes());
      wire.resource = resource;
      wire.scope = scope;
      rows.push(spanRowOf(projectId, wire, computeSpanFacts(wire)));
      continue;
    }
    if (format !== CHUNK_FORMAT_JSON) throw new RangeError(`unknown span record format ${format}`);
    const wire = JSON.parse(r.utf8()) as WireSpan;
    wire.resource = resource;
    wire.scope = scope;
    const row = spanRowOf(projectId, wire, JSON.parse(r.utf8()) as SpanFacts);
    row.startMs = r.f64();
    row.durationMs = r.f64();
    row.serviceName = r.nullableUtf8();
    row.release = r.nullableUtf8();
    row.environment = r.nullableUtf8();
    rows.push(row);
  }
  return rows;
}
