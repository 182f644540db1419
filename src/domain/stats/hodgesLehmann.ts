import { normalInv } from './distributions.js';
import type { Interval } from './wilson.js';

/** #{(i, j): y_j − x_i ≤ s} for ascending-sorted x and y, in O(n_x + n_y). */
function countAtOrBelow(xs: Float64Array, ys: Float64Array, s: number): number {
  let count = 0;
  let i = 0; // first index with xs[i] ≥ ys[j] − s
  const nx = xs.length;
  for (let j = 0; j < ys.length; j += 1) {
    const bound = ys[j]! - s;
    while (i < nx && xs[i]! < bound) i += 1;
    count += nx - i;
  }
  return count;
}

/** Largest pairwise difference y_j − x_i that is ≤ s. */
function largestAtOrBelow(xs: Float64Array, ys: Float64Array, s: number): number {
  let best = -Infinity;
  let i = 0;
  for (let j = 0; j < ys.length; j += 1) {
    const bound = ys[j]! - s;
    while (i < xs.length && xs[i]! < bound) i += 1;
    if (i < xs.length && ys[j]! - xs[i]! <= s) best = Math.max(best, ys[j]! - xs[i]!);
  }
  return best;
}

/** All differences y_j − x_i with lo < d ≤ hi (caller keeps their number small). */
function differencesBetween(xs: Float64Array, ys: Float64Array, lo: number, hi: number): number[] {
  const out: number[] = [];
  let a = 0; // first i with xs[i] ≥ y − hi
  let b = 0; // first i with xs[i] ≥ y − lo
  for (let j = 0; j < ys.length; j += 1) {
    const y = ys[j]!;
    while (a < xs.length && xs[a]! < y - hi) a += 1;
    while (b < xs.length && xs[b]! < y - lo) b += 1;
    for (let i = a; i < b; i += 1) {
      const d = y - xs[i]!;
      if (d > lo && d <= hi) out.push(d);
    }
    // Floating rounding at the edges: include xs[b] if it still qualifies.
    if (b < xs.length) {
      const d = y - xs[b]!;
      if (d > lo && d <= hi) out.push(d);
    }
  }
  return out;
}

/**
 * k-th smallest (1-based) pairwise difference y_j − x_i: narrow a value bracket by interpolation on
 * the pair count (bisection when interpolation stalls), then select exactly among the few left.
 */
function kthDifference(xs: Float64Array, ys: Float64Array, k: number): number {
  let lo = ys[0]! - xs[xs.length - 1]! - 1;
  let hi = ys[ys.length - 1]! - xs[0]!;
  let cLo = 0;
  let cHi = xs.length * ys.length;
  const target = 256;
  const interp = (t: number): number => lo + ((t - cLo) / (cHi - cLo)) * (hi - lo);
  const probe = (s: number): void => {
    if (!(s > lo && s < hi)) return;
    const c = countAtOrBelow(xs, ys, s);
    if (c >= k) { hi = s; cHi = c; } else { lo = s; cLo = c; }
  };
  for (let iter = 0; iter < 100 && cHi - cLo > target && hi - lo > 1e-14 * Math.max(1, Math.abs(hi)); iter += 1) {
    // Two interpolated probes straddling k; when the count is locally linear they bracket it tightly.
    const before = cHi - cLo;
    const m = Math.max(target / 4, before / 16);
    const sa = interp(k - 0.5 - m);
    const sb = interp(k - 0.5 + m);
    probe(sa);
    probe(sb);
    if (cHi - cLo > before / 2) probe((lo + hi) / 2);
  }
  // Heavy ties can leave many equal differences in a vanishing bracket: then the answer is the tie value.
  if (cHi - cLo > 4 * target) return largestAtOrBelow(xs, ys, hi);
  const between = differencesBetween(xs, ys, lo, hi).sort((p, q) => p - q);
  return between[k - cLo - 1] ?? hi;
}

/**
 * Hodges-Lehmann shift of y relative to x (median of all y_j − x_i) with the distribution-free
 * confidence interval from order statistics of the differences (normal approximation for k).
 * Both arrays must be non-empty.
 */
export function hodgesLehmann(x: readonly number[], y: readonly number[], conf = 0.95): Interval {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const nx = xs.length;
  const ny = ys.length;
  const total = nx * ny;
  const mid = total % 2 === 1
    ? kthDifference(xs, ys, (total + 1) / 2)
    : (kthDifference(xs, ys, total / 2) + kthDifference(xs, ys, total / 2 + 1)) / 2;
  const z = normalInv(1 - (1 - conf) / 2);
  const k = Math.max(1, Math.floor(total / 2 - z * Math.sqrt((nx * ny * (nx + ny + 1)) / 12)));
  return { estimate: mid, lower: kthDifference(xs, ys, k), upper: kthDifference(xs, ys, total - k + 1) };
}
