/**
 * Milliseconds since the epoch (fractional) from a decimal string of nanoseconds. Exact without BigInt:
 * the string is split into whole milliseconds (<= 13 digits, safe as a double) and the nanosecond rest.
 * Returns 0 for an empty or non-numeric string (decoders guarantee digits).
 */
export function nanosToMs(nanos: string): number {
  const len = nanos.length;
  if (len <= 6) {
    const small = Number(nanos);
    return Number.isFinite(small) ? small / 1e6 : 0;
  }
  const whole = Number(nanos.slice(0, len - 6));
  const rest = Number(nanos.slice(len - 6));
  if (!Number.isFinite(whole) || !Number.isFinite(rest)) return 0;
  return whole + rest / 1e6;
}
