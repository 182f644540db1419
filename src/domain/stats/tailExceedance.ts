import { binomialSf } from './distributions.js';

/** One-sided binomial test that more than (1 − q) of n values exceed a fixed q-quantile: P(Bin(n, 1−q) ≥ exceed). */
export function binomialExceedanceP(exceed: number, n: number, q: number): number {
  return binomialSf(exceed, n, 1 - q);
}

/** Linear-interpolation (type 7, numpy default) quantile of ascending-sorted values. */
export function sortedQuantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Exceedance counts of two raw samples above their pooled q-quantile (exchangeable under no change). */
export interface ExceedanceCounts {
  threshold: number;
  baselineAbove: number;
  baselineN: number;
  canaryAbove: number;
  canaryN: number;
}

/** Counts of baseline and canary values strictly above the pooled q-quantile. */
export function tailExceedance(baseline: readonly number[], canary: readonly number[], q: number): ExceedanceCounts {
  const pooled = Float64Array.from([...baseline, ...canary]).sort();
  const threshold = sortedQuantile(pooled, q);
  const above = (xs: readonly number[]): number => xs.reduce((c, v) => c + (v > threshold ? 1 : 0), 0);
  return { threshold, baselineAbove: above(baseline), baselineN: baseline.length, canaryAbove: above(canary), canaryN: canary.length };
}
