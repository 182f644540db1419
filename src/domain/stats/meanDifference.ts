/**
 * The difference of two sample means (y - x) with a normal (Welch, unpooled) interval: the shift estimate
 * for heavily tied values, where Hodges-Lehmann's median of pairwise differences jumps between the few
 * possible values and its interval collapses. NaN bounds when either sample has fewer than 2 values.
 */
import { normalInv } from './distributions.js';

export interface MeanShift {
  estimate: number;
  lower: number;
  upper: number;
  se: number;
}

export function meanDifference(x: readonly number[], y: readonly number[], conf = 0.95): MeanShift {
  const mx = mean(x);
  const my = mean(y);
  const se = Math.sqrt(varianceOfMean(x, mx) + varianceOfMean(y, my));
  const z = normalInv(1 - (1 - conf) / 2);
  const estimate = my - mx;
  return { estimate, lower: estimate - z * se, upper: estimate + z * se, se };
}

/** True when the pooled samples take at most `limit` distinct values (scores on a small scale, counts). */
export function fewDistinctValues(x: readonly number[], y: readonly number[], limit = 12): boolean {
  const seen = new Set<number>();
  for (const v of [x, y]) {
    for (const a of v) {
      seen.add(a);
      if (seen.size > limit) return false;
    }
  }
  return true;
}

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

function varianceOfMean(v: readonly number[], m: number): number {
  if (v.length < 2) return Number.NaN;
  let ss = 0;
  for (const a of v) ss += (a - m) * (a - m);
  return ss / (v.length - 1) / v.length;
}
