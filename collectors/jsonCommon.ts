/**
 * OTLP/JSON building blocks shared by the trace and log decoders: ids, timestamps, enums, AnyValue and
 * attribute lists, with the leniency real exporters need (base64 ids, enum names, int64 as number or
 * string, primitives in place of AnyValue).
 */
import { MAX_ANY_VALUE_DEPTH, noteTruncatedValue, TRUNCATED_VALUE } from './anyValueDepth.js';
import { setAttr } from './setAttr.js';
import type { AttrValue, Attributes } from './wireTypes.js';

/** Thrown when a JSON value has the wrong shape; callers turn it into an item reject or a 400. */
export class JsonShapeError extends Error {
  constructor(message: string, readonly reason: 'invalid_attributes' | 'invalid_field' = 'invalid_field') {
    super(message);
  }
}

const HEX32 = /^[0-9a-fA-F]{32}$/;
const HEX16 = /^[0-9a-fA-F]{16}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
const ZERO32 = '0'.repeat(32);
const ZERO16 = '0'.repeat(16);
const DIGITS = /^[0-9]+$/;
const INT = /^-?[0-9]+$/;
const MAX_UINT64 = '18446744073709551615';

/**
 * A JSON trace id (16 bytes) or span id (8 bytes) as lowercase hex: hex (any case) or, leniently,
 * base64 (24/12 characters, padding optional). Returns '' when missing or empty, null when all zeros,
 * undefined when malformed.
 */
export function jsonId(value: unknown, byteLength: 16 | 8): string | null | undefined {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') return undefined;
  let hex: string;
  if (byteLength === 16 ? HEX32.test(value) : HEX16.test(value)) hex = value.toLowerCase();
  else if (value.length <= 24 && value.length >= (byteLength === 16 ? 22 : 11) && BASE64.test(value)) {
    const bytes = Buffer.from(value, 'base64');
    if (bytes.length !== byteLength) return undefined;
    hex = bytes.toString('hex');
  } else return undefined;
  return hex === (byteLength === 16 ? ZERO32 : ZERO16) ? null : hex;
}

/** A uint64 nanosecond timestamp given as decimal string or number -> canonical decimal string;
 * '0' when missing, undefined when unparseable. */
export function jsonTime(value: unknown): string | undefined {
  if (value === undefined || value === null) return '0';
  if (typeof value === 'string') {
    if (!DIGITS.test(value)) return undefined;
    const s = value.length > 1 && value.charCodeAt(0) === 48 ? value.replace(/^0+(?=.)/, '') : value;
    if (s.length > 20 || (s.length === 20 && s > MAX_UINT64)) return undefined;
    return s;
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** 64) return undefined;
    return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
  }
  return undefined;
}

/** An enum given as integer, numeric string or name (e.g. "SPAN_KIND_CLIENT") -> its number; 0 when
 * missing or unknown. `names[i]` is the name of value i. */
export function jsonEnum(value: unknown, names: readonly string[]): number {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < names.length ? value : 0;
  if (typeof value === 'string') {
    const i = names.indexOf(value.toUpperCase());
    if (i >= 0) return i;
    const n = Number(value);
    return Number.isInteger(n) && n >= 0 && n < names.length ? n : 0;
  }
  return 0;
}

/** An int64 given as number or decimal string -> number when safe, else canonical decimal string. */
function jsonInt64(value: unknown): AttrValue {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value) || !Number.isInteger(value)) return value;
    return BigInt(value).toString();
  }
  if (typeof value === 'string' && INT.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : BigInt(value).toString();
  }
  throw new JsonShapeError(`intValue must be an integer (number or decimal string), got ${JSON.stringify(value)}`, 'invalid_attributes');
}

/**
 * An OTLP/JSON AnyValue -> AttrValue; a bare primitive is accepted as itself. null when empty.
 * `depth`: arrays/kvlists around this value; past MAX_ANY_VALUE_DEPTH the value becomes TRUNCATED_VALUE.
 */
export function jsonAnyValue(value: unknown, depth = 0): AttrValue {
  if (value === null || value === undefined) return null;
  if (depth > MAX_ANY_VALUE_DEPTH) {
    noteTruncatedValue();
    return TRUNCATED_VALUE;
  }
  if (typeof value !== 'object') return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  if (Array.isArray(value)) throw new JsonShapeError('an AnyValue must be an object, got an array', 'invalid_attributes');
  const v = value as Record<string, unknown>;
  if (v.stringValue !== undefined) {
    if (typeof v.stringValue !== 'string') throw new JsonShapeError('stringValue must be a string', 'invalid_attributes');
    return v.stringValue;
  }
  if (v.intValue !== undefined) return jsonInt64(v.intValue);
  if (v.doubleValue !== undefined) {
    if (typeof v.doubleValue === 'number') return v.doubleValue;
    const n = typeof v.doubleValue === 'string' ? Number(v.doubleValue) : NaN;
    if (Number.isNaN(n) && v.doubleValue !== 'NaN') throw new JsonShapeError('doubleValue must be a number', 'invalid_attributes');
    return n;
  }
  if (v.boolValue !== undefined) {
    if (typeof v.boolValue === 'boolean') return v.boolValue;
    if (v.boolValue === 'true' || v.boolValue === 'false') return v.boolValue === 'true';
    throw new JsonShapeError('boolValue must be a boolean', 'invalid_attributes');
  }
  if (v.arrayValue !== undefined) return jsonArrayOf(v.arrayValue, 'arrayValue').map((item) => jsonAnyValue(item, depth + 1));
  if (v.kvlistValue !== undefined) {
    const out: Attributes = {};
    jsonAttributes(jsonArrayOf(v.kvlistValue, 'kvlistValue'), out, depth + 1);
    return out;
  }
  if (v.bytesValue !== undefined) {
    if (typeof v.bytesValue !== 'string') throw new JsonShapeError('bytesValue must be a base64 string', 'invalid_attributes');
    return v.bytesValue;
  }
  return null;
}

function jsonArrayOf(container: unknown, what: string): unknown[] {
  if (container === null || typeof container !== 'object') throw new JsonShapeError(`${what} must be an object with "values"`, 'invalid_attributes');
  const values = (container as { values?: unknown }).values;
  if (values === undefined || values === null) return [];
  if (!Array.isArray(values)) throw new JsonShapeError(`${what}.values must be an array`, 'invalid_attributes');
  return values;
}

/** A KeyValue list ([{key, value}]) merged into `into`; missing means none. Throws JsonShapeError
 * for anything else (e.g. a hand-rolled `{k: v}` object). */
export function jsonAttributes(list: unknown, into: Attributes, depth = 0): Attributes {
  if (list === undefined || list === null) return into;
  if (!Array.isArray(list)) throw new JsonShapeError('attributes must be an array of {key, value}', 'invalid_attributes');
  for (let i = 0; i < list.length; i++) {
    const kv = list[i] as { key?: unknown; value?: unknown } | null;
    if (kv === null || typeof kv !== 'object' || typeof kv.key !== 'string') throw new JsonShapeError('each attribute must be {key: string, value: AnyValue}', 'invalid_attributes');
    setAttr(into, kv.key, jsonAnyValue(kv.value, depth));
  }
  return into;
}

/** An optional array field of a container message; throws JsonShapeError naming `what` otherwise. */
export function jsonList(value: unknown, what: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new JsonShapeError(`${what} must be an array`);
  return value;
}

/** A container message (resourceSpans entry, scope, ...) must be an object; missing means empty. */
export function jsonObject(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new JsonShapeError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

/** The body as one JSON object (a leading BOM is tolerated); a string message when it is not. */
export function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | string {
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return `invalid JSON: ${(err as Error).message}`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return `expected a JSON object, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}`;
  }
  return parsed as Record<string, unknown>;
}

/** A scope object -> name and version (missing fields are ''). */
export function jsonScope(value: unknown): { name: string; version: string } {
  const s = jsonObject(value, 'scope');
  return { name: typeof s.name === 'string' ? s.name : '', version: typeof s.version === 'string' ? s.version : '' };
}
