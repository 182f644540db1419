import { normalInv } from './distributions.js';
import type { Interval } from './wilson.js';

/** #{(i, j): y_j − x_i ≤ s} for ascending-sorted x and y, in O(n_x + n_y). */
function countAtOrBelow(xs: Float64Array, ys: Float64Array, s: number): number {
  let count = 0;
  let i = 0; // first index with xs[i] ≥ ys[j] − s
  for (let j = 0; j < ys.length; j += 1) {
    const bound = ys[j]! - s;
    while (i < xs.length && xs[i]! < bound) i += 1;
    count += xs.length - i;
  }
  return count;
}

/** Largest pairwise difference y_j − x_i that is ≤ s (snaps a bisection bound onto the data). */
function largestAtOrBelow(xs: Float64Array, ys: Float64Array, s: number): number {
  let best = -Infinity;
  let i = 0;
  for (let j = 0; j < ys.length; j += 1) {
    const bound = ys[j]! - s;
    while (i < xs.length && xs[i]! < bound) i += 1;
    if (i < xs.length) best = Math.max(best, ys[j]! - xs[i]!);
  }
  return best;
}

/** k-th smallest (1-based) pairwise difference y_j − x_i, by bisection on the value. */
function kthDifference(xs: Float64Array, ys: Float64Array, k: number): number {
  let lo = ys[0]! - xs[xs.length - 1]! - 1e-9;
  let hi = ys[ys.length - 1]! - xs[0]!;
  for (let iter = 0; iter < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); iter += 1) {
    const mid = (lo + hi) / 2;
    if (countAtOrBelow(xs, ys, mid) >= k) hi = mid;
    else lo = mid;
  }
  return largestAtOrBelow(xs, ys, hi);
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
