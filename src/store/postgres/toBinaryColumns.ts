/**
 * Bulk-insert parameters in PostgreSQL's binary array format (what `array_send` writes), one Buffer
 * per column, for `unnest($1::text[], $2::int4[], ...)`. pg sends a Buffer parameter as binary, so the
 * server copies each element (array_recv) instead of parsing a text array literal, and the Node side
 * writes UTF-8 straight into one off-heap buffer per column instead of building, escaping and
 * re-copying multi-megabyte strings (the driver's `arrayString`/`escapeElement`, and most of the GC).
 *
 * Format: int32 ndim (1), int32 has-nulls flag, uint32 element type oid, int32 length, int32 lower
 * bound (1), then per element int32 byte length (-1 = NULL) and the element's binary form (text: UTF-8
 * bytes; int4: 4 bytes big-endian; float8: IEEE 754 big-endian; bool: 1 byte; bytea: the bytes).
 * Text is written like pg's own text parameters: lone UTF-16 surrogates become U+FFFD. The caller
 * drops NUL characters first (PostgreSQL TEXT rejects them in either format).
 */

/** Element type of a binary array column, as PostgreSQL spells it. */
export type PgArrayType = 'text' | 'int4' | 'float8' | 'bool' | 'bytea';

const ELEMENT_OID: Record<PgArrayType, number> = { text: 25, int4: 23, float8: 701, bool: 16, bytea: 17 };
const HEADER_BYTES = 20;

/** Transposes rows into one binary array per column; `types[c]` is the element type of column c. */
export function toBinaryColumns(types: readonly PgArrayType[], rows: readonly (readonly unknown[])[]): Buffer[] {
  return types.map((type, c) => encode(type, rows.length, (r) => rows[r]![c]));
}

/** values as a one-dimensional binary array of `type` (throws TypeError/RangeError on a value that does not fit). */
export function toBinaryArray(type: PgArrayType, values: readonly unknown[]): Buffer {
  return encode(type, values.length, (r) => values[r]);
}

function encode(type: PgArrayType, n: number, get: (r: number) => unknown): Buffer {
  return type === 'text' ? textArray(n, get) : type === 'bytea' ? byteaArray(n, get) : fixedArray(type, n, get);
}

/** bytea elements: the bytes as they are (Uint8Array), or null. */
function byteaArray(n: number, get: (r: number) => unknown): Buffer {
  let size = HEADER_BYTES;
  let hasNull = false;
  for (let r = 0; r < n; r++) {
    const v = get(r);
    if (v === null || v === undefined) hasNull = true;
    else if (v instanceof Uint8Array) size += v.length;
    else throw new TypeError(`bytea array element must be a Uint8Array or null, got ${typeof v}`);
    size += 4;
  }
  const buf = Buffer.allocUnsafe(size);
  header(buf, 'bytea', n, hasNull);
  let at = HEADER_BYTES;
  for (let r = 0; r < n; r++) {
    const v = get(r) as Uint8Array | null | undefined;
    if (v === null || v === undefined) {
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    buf.writeInt32BE(v.length, at);
    buf.set(v, at + 4);
    at += 4 + v.length;
  }
  return buf;
}

function header(buf: Buffer, type: PgArrayType, n: number, hasNull: boolean): void {
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(hasNull ? 1 : 0, 4);
  buf.writeUInt32BE(ELEMENT_OID[type], 8);
  buf.writeInt32BE(n, 12);
  buf.writeInt32BE(1, 16);
}

function textArray(n: number, get: (r: number) => unknown): Buffer {
  // Capacity: UTF-8 needs at most 3 bytes per UTF-16 code unit; start from the all-ASCII size and grow.
  let capacity = HEADER_BYTES + 4 * n;
  for (let r = 0; r < n; r++) {
    const v = get(r);
    if (typeof v === 'string') capacity += v.length;
  }
  let buf: Buffer = Buffer.allocUnsafe(capacity);
  let at = HEADER_BYTES;
  let hasNull = false;
  for (let r = 0; r < n; r++) {
    const v = get(r);
    if (v === null || v === undefined) {
      hasNull = true;
      if (at + 4 > buf.length) buf = grow(buf, at, 4);
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    if (typeof v !== 'string') throw new TypeError(`text array element must be a string or null, got ${typeof v}`);
    if (at + 4 + 3 * v.length > buf.length) {
      const exact = 4 + Buffer.byteLength(v, 'utf8');
      if (at + exact > buf.length) buf = grow(buf, at, exact);
    }
    const bytes = v.length === 0 ? 0 : buf.write(v, at + 4);
    buf.writeInt32BE(bytes, at);
    at += 4 + bytes;
  }
  header(buf, 'text', n, hasNull);
  return buf.subarray(0, at);
}

/** A bigger buffer holding the first `used` bytes of buf, with room for `need` more (at least 1.5x). */
function grow(buf: Buffer, used: number, need: number): Buffer {
  const next = Buffer.allocUnsafe(Math.max(used + need, Math.ceil(buf.length * 1.5)));
  buf.copy(next, 0, 0, used);
  return next;
}

function fixedArray(type: Exclude<PgArrayType, 'text' | 'bytea'>, n: number, get: (r: number) => unknown): Buffer {
  const width = type === 'float8' ? 8 : type === 'int4' ? 4 : 1;
  let hasNull = false;
  let size = HEADER_BYTES;
  for (let r = 0; r < n; r++) {
    const v = get(r);
    if (v === null || v === undefined) {
      hasNull = true;
      size += 4;
    } else size += 4 + width;
  }
  const buf = Buffer.allocUnsafe(size);
  header(buf, type, n, hasNull);
  let at = HEADER_BYTES;
  for (let r = 0; r < n; r++) {
    const v = get(r);
    if (v === null || v === undefined) {
      buf.writeInt32BE(-1, at);
      at += 4;
      continue;
    }
    buf.writeInt32BE(width, at);
    at += 4;
    if (type === 'float8') {
      if (typeof v !== 'number') throw new TypeError(`float8 array element must be a number or null, got ${typeof v}`);
      buf.writeDoubleBE(v, at);
    } else if (type === 'int4') {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new RangeError(`int4 array element must be a 32-bit integer or null, got ${String(v)}`);
      }
      buf.writeInt32BE(v, at);
    } else {
      if (typeof v !== 'boolean') throw new TypeError(`bool array element must be a boolean or null, got ${typeof v}`);
      buf[at] = v ? 1 : 0;
    }
    at += width;
  }
  return buf;
}
