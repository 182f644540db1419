/** Exact McNemar test on paired pass/fail outcomes (binomial on the discordant pairs, two-sided). */

/** Result of the paired test; `pValue` is 1 when there are no discordant pairs. */
export interface McNemarResult {
  /** Passed in baseline, failed in candidate. */
  regressions: number;
  /** Failed in baseline, passed in candidate. */
  improvements: number;
  pValue: number;
  /** p < alpha and more regressions than improvements. */
  significantRegression: boolean;
}

/** Two-sided exact p-value: min(1, 2 * P[X <= min(b, c)]) for X ~ Binomial(b + c, 1/2), as statsmodels `mcnemar(exact=True)`. */
export function mcnemarExactP(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  if (n === 0) return 1;
  // Sum C(n, i) / 2^n for i = 0..k in log space, anchored at the largest term (i = k <= n/2).
  const logTop = logChoose(n, k) - n * Math.LN2;
  let sum = 0;
  let rel = 1; // C(n, i) / C(n, k)
  for (let i = k; i >= 0; i--) {
    sum += rel;
    if (i === 0) break;
    rel *= i / (n - i + 1);
    if (rel < 1e-18 * sum) break;
  }
  return Math.min(1, 2 * Math.exp(logTop + Math.log(sum)));
}

const logFactCache: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactCache.length; i <= n; i++) logFactCache.push(logFactCache[i - 1]! + Math.log(i));
  return logFactCache[n]!;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** McNemar on counts of discordant pairs, with the regression verdict at `alpha`. */
export function computeMcNemar(regressions: number, improvements: number, alpha: number): McNemarResult {
  const pValue = mcnemarExactP(regressions, improvements);
  return { regressions, improvements, pValue, significantRegression: pValue < alpha && regressions > improvements };
}
