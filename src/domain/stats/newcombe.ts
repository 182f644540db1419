import { wilsonInterval, type Interval } from './wilson.js';

/**
 * Newcombe hybrid-score interval (method 10) for the difference p1 − p2 = x1/n1 − x2/n2
 * at two-sided confidence `conf`. Both n must be > 0.
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, conf = 0.95): Interval {
  const a = wilsonInterval(x1, n1, conf);
  const b = wilsonInterval(x2, n2, conf);
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const d = p1 - p2;
  const lower = d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2);
  const upper = d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2);
  return { estimate: d, lower, upper };
}
