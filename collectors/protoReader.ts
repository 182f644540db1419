/**
 * A minimal proto3 wire-format reader over one Uint8Array. Every read is bounds-checked and throws
 * ProtoError on truncated or malformed input; the decoders catch it once per request and return a
 * DecodeResult. Hand-written (no schema, no allocation per field) because this is the ingest hot path.
 */

/** Thrown on truncated or malformed protobuf; never escapes the public decoders. */
export class ProtoError extends Error {}

/** Node's internal slice methods (stable since Node 0.x; skip the argument checks of toString). */
type SliceBuffer = Buffer & {
  utf8Slice(start: number, end: number): string;
  base64Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
};


// Interning cache for short strings: direct-mapped, verified byte for byte, so a collision only costs a miss.
const CACHE_MAX_LEN = 40;
const CACHE_SLOTS = 4096;
const CACHE_MASK = CACHE_SLOTS - 1;
const cacheStrings: (string | undefined)[] = new Array<string | undefined>(CACHE_SLOTS).fill(undefined);
const cacheLengths = new Uint8Array(CACHE_SLOTS);
const cacheBytes = new Uint8Array(CACHE_SLOTS * CACHE_MAX_LEN);
const TWO_32 = 4294967296;

/** Cursor over a protobuf message; `pos` advances as fields are read. */
export class ProtoReader {
  pos = 0;
  readonly buf: Uint8Array;
  private readonly nodeBuf: SliceBuffer;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.nodeBuf = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as SliceBuffer;
  }

  /** Reads a varint that must fit in 32 bits unsigned (tags, lengths, enums, bools). */
  uint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++];
    if (b === undefined) throw new ProtoError('truncated varint');
    let value = b & 0x7f;
    if (b < 0x80) { this.pos = pos; return value; }
    let shift = 7;
    for (;;) {
      b = buf[pos++];
      if (b === undefined) throw new ProtoError('truncated varint');
      if (shift < 28) value |= (b & 0x7f) << shift;
      else if (shift === 28) value = (value >>> 0) + (b & 0x0f) * 0x10000000;
      // bits above 32 are discarded (an int32 enum may be sign-extended to 10 bytes)
      if (b < 0x80) break;
      shift += 7;
      if (shift > 63) throw new ProtoError('varint longer than 10 bytes');
    }
    this.pos = pos;
    return value >>> 0;
  }

  /** Reads a 64-bit varint as two's-complement int64: a number when safe, else a decimal string. */
  int64(): number | string {
    const buf = this.buf;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let b: number | undefined;
    for (;;) {
      b = buf[this.pos++];
      if (b === undefined) throw new ProtoError('truncated varint');
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) { lo |= (b & 0x0f) << 28; hi |= (b & 0x7f) >>> 4; }
      else if (shift < 64) hi |= (b & 0x7f) << (shift - 32);
      if (b < 0x80) break;
      shift += 7;
      if (shift > 63) throw new ProtoError('varint longer than 10 bytes');
    }
    lo >>>= 0;
    hi >>>= 0;
    if (hi <= 0x1fffff) return hi * TWO_32 + lo;
    if (hi >= 0xffe00000 && (hi !== 0xffe00000 || lo !== 0)) return -((~hi >>> 0) * TWO_32 + ((~lo >>> 0) + 1));
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
  }

  /** Reads 8 little-endian bytes as an unsigned fixed64 decimal string (nanosecond timestamps). */
  fixed64String(): string {
    const lo = this.fixed32();
    const hi = this.fixed32();
    return uint64ToDecimal(lo, hi);
  }

  /** Reads 4 little-endian bytes as an unsigned 32-bit number. */
  fixed32(): number {
    const p = this.pos;
    if (p + 4 > this.buf.length) throw new ProtoError('truncated fixed32');
    const buf = this.buf;
    this.pos = p + 4;
    return ((buf[p] as number) | ((buf[p + 1] as number) << 8) | ((buf[p + 2] as number) << 16)) + (buf[p + 3] as number) * 0x1000000;
  }

  /** Reads a little-endian IEEE 754 double. */
  double(): number {
    const p = this.pos;
    if (p + 8 > this.buf.length) throw new ProtoError('truncated double');
    this.pos = p + 8;
    return this.nodeBuf.readDoubleLE(p);
  }

  /** Reads a length prefix and returns the end offset of the delimited payload. */
  delimitedEnd(limit: number): number {
    const len = this.uint32();
    const end = this.pos + len;
    if (end > limit) throw new ProtoError('length-delimited field runs past its message');
    return end;
  }

  /** Reads a length-delimited UTF-8 string; short strings (attribute keys, models, names) come from
   * an interning cache so repeated keys are neither re-allocated nor re-hashed on object stores. */
  string(limit: number): string {
    const end = this.delimitedEnd(limit);
    const start = this.pos;
    this.pos = end;
    const len = end - start;
    if (len === 0) return '';
    if (len > CACHE_MAX_LEN) return this.nodeBuf.utf8Slice(start, end);
    const buf = this.buf;
    let h = len;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 16777619);
    const slot = (h >>> 0) & CACHE_MASK;
    const cached = cacheStrings[slot];
    if (cached !== undefined && cacheLengths[slot] === len) {
      let off = slot * CACHE_MAX_LEN;
      let same = true;
      for (let i = start; i < end; i++, off++) {
        if (cacheBytes[off] !== buf[i]) { same = false; break; }
      }
      if (same) return cached;
    }
    const str = this.nodeBuf.utf8Slice(start, end);
    cacheStrings[slot] = str;
    cacheLengths[slot] = len;
    cacheBytes.set(buf.subarray(start, end), slot * CACHE_MAX_LEN);
    return str;
  }

  /** Reads length-delimited bytes as lowercase hex; '' when empty, null when they are all zero. */
  hexId(limit: number): string | null {
    const end = this.delimitedEnd(limit);
    const start = this.pos;
    this.pos = end;
    if (start === end) return '';
    const buf = this.buf;
    let any = 0;
    for (let i = start; i < end; i++) any |= buf[i] as number;
    return any === 0 ? null : this.nodeBuf.hexSlice(start, end);
  }

  /** Reads length-delimited bytes as a base64 string. */
  base64(limit: number): string {
    const end = this.delimitedEnd(limit);
    const s = this.nodeBuf.base64Slice(this.pos, end);
    this.pos = end;
    return s;
  }

  /** Skips one field's payload of the given wire type. */
  skip(wireType: number, limit: number): void {
    switch (wireType) {
      case 0:
        this.int64();
        break;
      case 1:
        this.pos += 8;
        break;
      case 2:
        this.pos = this.delimitedEnd(limit);
        break;
      case 5:
        this.pos += 4;
        break;
      default:
        throw new ProtoError(`unsupported wire type ${wireType}`);
    }
    if (this.pos > limit) throw new ProtoError('field runs past its message');
  }
}

/** Exact decimal string of the unsigned 64-bit integer hi * 2^32 + lo (no BigInt on the hot path). */
export function uint64ToDecimal(lo: number, hi: number): string {
  if (hi <= 0x1fffff) return String(hi * TWO_32 + lo);
  // Split into 24-bit limbs and carry in base 1e7 so every intermediate stays below 2^53.
  const low = lo & 0xffffff;
  const mid = ((lo >>> 24) | (hi << 8)) & 0xffffff;
  const high = (hi >>> 16) & 0xffff;
  let a = low + mid * 6777216 + high * 6710656; // 2^24 = 1e7+6777216, 2^48 = 28147497*1e7+6710656
  let b = mid + high * 8147497;
  let c = high * 2;
  const base = 10000000;
  if (a >= base) { b += Math.floor(a / base); a %= base; }
  if (b >= base) { c += Math.floor(b / base); b %= base; }
  if (c > 0) return String(c) + pad7(b) + pad7(a);
  return String(b) + pad7(a);
}

function pad7(n: number): string {
  const s = String(n);
  return s.length >= 7 ? s : '0000000'.slice(s.length) + s;
}
