/** Exact rationals for rates and thresholds: 2 of 3 passes a 2/3 threshold, no float rounding involved. */

/** A non-negative fraction of integers; `den` 0 means "no observations" (null rate). */
export interface Ratio {
  num: number;
  den: number;
}

/** A threshold as an exact fraction of big integers (parsed from `0.75`, `"2/3"` or `"75%"`). */
export interface Threshold {
  num: bigint;
  den: bigint;
  /** The text it was written as, for reports. */
  text: string;
}

/** num/den as a plain number (null when den is 0), for display only. */
export function ratioValue(r: Ratio): number | null {
  return r.den === 0 ? null : r.num / r.den;
}

/** True when r >= t exactly (an empty ratio always meets the threshold). */
export function meetsAtLeast(r: Ratio, t: Threshold): boolean {
  if (r.den === 0) return true;
  return BigInt(r.num) * t.den >= t.num * BigInt(r.den);
}

/** Parses `0.75`, `1`, `"2/3"` or `"75%"` exactly; null when it is not a rate in [0, 1]. */
export function parseThreshold(value: number | string): Threshold | null {
  const text = String(value).trim();
  let num: bigint;
  let den: bigint;
  const frac = /^(\d+)\s*\/\s*(\d+)$/.exec(text);
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (frac) {
    num = BigInt(frac[1]!);
    den = BigInt(frac[2]!);
  } else if (pct) {
    const d = decimal(pct[1]!);
    if (!d) return null;
    num = d.num;
    den = d.den * 100n;
  } else {
    const d = decimal(text);
    if (!d) return null;
    num = d.num;
    den = d.den;
  }
  if (den === 0n || num > den) return null;
  return { num, den, text };
}

function decimal(text: string): { num: bigint; den: bigint } | null {
  // Numbers arrive via String(number), which is the shortest round-trip decimal (or exponent form).
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) return null;
  const frac = m[2] ?? '';
  let num = BigInt(m[1]! + frac);
  let den = 10n ** BigInt(frac.length);
  const exp = Number(m[3] ?? 0);
  if (exp > 0) num *= 10n ** BigInt(exp);
  if (exp < 0) den *= 10n ** BigInt(-exp);
  return { num, den };
}

/** Sum of ratios as an exact fraction compared with a threshold: (Σ parts)/count >= t. */
export function meanMeetsAtLeast(parts: readonly Ratio[], t: Threshold): boolean {
  // mean = Σ(n_i/d_i)/k; compare Σ(n_i * L/d_i) * t.den >= t.num * k * L with L = Π distinct d_i.
  const dens = [...new Set(parts.map((p) => p.den))];
  const lcm = dens.reduce((acc, d) => (acc * BigInt(d)) / gcd(acc, BigInt(d)), 1n);
  let sum = 0n;
  for (const p of parts) sum += BigInt(p.num) * (lcm / BigInt(p.den));
  return sum * t.den >= t.num * BigInt(parts.length) * lcm;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
