import type { AttrValue, Attributes } from '../../../collectors/wireTypes.js';

/** Short JSON rendering of an attribute value for a warning message (at most 80 characters). */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A string attribute (numbers and booleans are stringified); null when absent or empty. */
export function readText(attrs: Attributes, key: string, warnings: string[]): string | null {
  const value = attrs[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  warnings.push(`${key}: expected a string, got ${describeValue(value)}`);
  return null;
}

/** The first key in `keys` that holds a usable string; null when none does. */
export function readFirstText(attrs: Attributes, keys: readonly string[], warnings: string[]): string | null {
  for (const key of keys) {
    const text = readText(attrs, key, warnings);
    if (text !== null) return text;
  }
  return null;
}

const DIGITS = /^\d+$/;

/** A token-like count: a non-negative integer (int64 may arrive as a decimal string); null when absent. */
export function readCount(attrs: Attributes, key: string, warnings: string[]): number | null {
  const value = attrs[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && DIGITS.test(value)) return Number(value);
  warnings.push(`${key}: expected a non-negative integer, got ${describeValue(value)}`);
  return null;
}

/** The first key in `keys` holding a valid count (malformed ones warn and are skipped). */
export function readFirstCount(attrs: Attributes, keys: readonly string[], warnings: string[]): number | null {
  for (const key of keys) {
    const count = readCount(attrs, key, warnings);
    if (count !== null) return count;
  }
  return null;
}

/** A non-negative finite number (numeric strings accepted); null when absent. */
export function readAmount(attrs: Attributes, key: string, warnings: string[]): number | null {
  const value = attrs[key];
  if (value === undefined || value === null) return null;
  const num = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isFinite(num) && num >= 0) return num;
  warnings.push(`${key}: expected a non-negative number, got ${describeValue(value)}`);
  return null;
}

/** A list of strings: an array, a JSON array string, or a single string; null when absent. */
export function readStringList(attrs: Attributes, key: string, warnings: string[]): string[] | null {
  let value: unknown = attrs[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    if (value.charCodeAt(0) !== 91 /* [ */) return value.length > 0 ? [value] : null;
    value = parseJsonOrWarn(value, key, warnings);
    if (value === undefined) return null;
  }
  if (Array.isArray(value)) {
    const out: string[] = [];
    for (const item of value) {
      if (typeof item === 'string' && item.length > 0) out.push(item);
      else if (item !== null) warnings.push(`${key}: expected an array of strings, got ${describeValue(value)}`);
    }
    return out.length > 0 ? out : null;
  }
  warnings.push(`${key}: expected an array of strings, got ${describeValue(value)}`);
  return null;
}

/** JSON.parse that warns (and returns undefined) instead of throwing. */
export function parseJsonOrWarn(text: string, key: string, warnings: string[]): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    warnings.push(`${key}: expected JSON, got ${describeValue(text)}`);
    return undefined;
  }
}

/** A structured attribute: JSON strings are parsed (warning when invalid), trees pass through. */
export function readStructured(attrs: Attributes, key: string, warnings: string[]): unknown {
  const value: AttrValue | undefined = attrs[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return parseJsonOrWarn(value, key, warnings);
  return value;
}

/** Text that may hold JSON (e.g. `input.value`): JSON-looking strings are parsed, otherwise kept as text. */
export function readMaybeJson(attrs: Attributes, key: string): unknown {
  const value: AttrValue | undefined = attrs[key];
  if (typeof value !== 'string') return value === null ? undefined : value;
  const first = value.charCodeAt(0);
  if (first === 123 /* { */ || first === 91 /* [ */) {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value.length > 0 ? value : undefined;
}
