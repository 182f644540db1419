import { logChoose } from './distributions.js';

/** One-sided Fisher exact test for H1: p1 > p2 on the 2×2 table [[x1, n1−x1], [x2, n2−x2]]. */
export interface FisherResult {
  /** Exact conditional p-value P(X ≥ x1). */
  pExact: number;
  /** Mid-p: P(X > x1) + ½·P(X = x1); less conservative, recommended at small counts. */
  pMid: number;
}

/** Fisher exact and mid-p one-sided p-values, hypergeometric on fixed margins. */
export function fisherMidP(x1: number, n1: number, x2: number, n2: number): FisherResult {
  const events = x1 + x2;
  const total = n1 + n2;
  const lo = Math.max(0, events - n2);
  const hi = Math.min(n1, events);
  const logDenom = logChoose(total, events);
  let above = 0;
  let at = 0;
  for (let k = lo; k <= hi; k += 1) {
    const p = Math.exp(logChoose(n1, k) + logChoose(n2, events - k) - logDenom);
    if (k > x1) above += p;
    else if (k === x1) at = p;
  }
  return { pExact: Math.min(1, above + at), pMid: Math.min(1, above + at / 2) };
}
