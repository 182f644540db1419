/**
 * The AnyValue nesting cap shared by the JSON and protobuf decoders. A value nested deeper than
 * MAX_ANY_VALUE_DEPTH arrays/kvlists is replaced by TRUNCATED_VALUE (never recursed into, so no
 * input can exhaust the stack), and the span that held it carries a mapping warning.
 */

/** Deepest AnyValue nesting kept (arrays and kvlists count one level each). */
export const MAX_ANY_VALUE_DEPTH = 64;

/** What a value nested deeper than MAX_ANY_VALUE_DEPTH becomes. */
export const TRUNCATED_VALUE = `[truncated: nested deeper than ${MAX_ANY_VALUE_DEPTH} levels]`;

// Decoding is synchronous: one counter per thread is enough (reset per span by the decoders).
let truncated = 0;

/** Records one truncated value. */
export function noteTruncatedValue(): void {
  truncated++;
}

/** Values truncated since the last call (and resets the count). */
export function takeTruncatedValues(): number {
  const n = truncated;
  truncated = 0;
  return n;
}
