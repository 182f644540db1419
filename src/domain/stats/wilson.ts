import { normalInv } from './distributions.js';

/** A two-sided confidence interval around a point estimate. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/** Wilson score interval for a proportion x/n at two-sided confidence `conf` (e.g. 0.95); n = 0 gives [0, 1]. */
export function wilsonInterval(x: number, n: number, conf = 0.95): Interval {
  if (n <= 0) return { estimate: 0, lower: 0, upper: 1 };
  const z = normalInv(1 - (1 - conf) / 2);
  const p = x / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { estimate: p, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}
