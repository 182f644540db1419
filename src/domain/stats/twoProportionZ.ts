import { normalCdf, normalSf } from './distributions.js';

/** Result of a pooled two-proportion z-test of p1 vs p2. */
export interface TwoProportionZResult {
  /** (p1 − p2) / pooled standard error; 0 when the pooled rate is 0 or 1. */
  z: number;
  /** One-sided p-value for H1: p1 > p2. */
  pGreater: number;
  /** Two-sided p-value. */
  pTwoSided: number;
}

/** Pooled two-proportion z-test (no continuity correction), x1/n1 vs x2/n2. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): TwoProportionZResult {
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { z: 0, pGreater: 1, pTwoSided: 1 };
  const z = (x1 / n1 - x2 / n2) / se;
  return { z, pGreater: normalSf(z), pTwoSided: Math.min(1, 2 * normalCdf(-Math.abs(z))) };
}
