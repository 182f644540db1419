import jstatPkg from 'jstat';

const { jStat } = jstatPkg;

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
  return jStat.normal.cdf(z, 0, 1);
}

/** Standard normal upper tail 1 − Φ(z), accurate in the far tail (uses symmetry). */
export function normalSf(z: number): number {
  return jStat.normal.cdf(-z, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p), p in (0, 1). */
export function normalInv(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Chi-square upper tail P(X ≥ x) with `df` degrees of freedom. */
export function chiSquareSf(x: number, df: number): number {
  return 1 - jStat.chisquare.cdf(x, df);
}

/** log Γ(x). */
export function logGamma(x: number): number {
  return jStat.gammaln(x);
}

/** log C(n, k) via log-gamma (k and n non-negative integers, k ≤ n). */
export function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Binomial upper tail P(X ≥ k) for X ~ Bin(n, p), summed in log space. */
export function binomialSf(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let total = 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  for (let i = k; i <= n; i += 1) {
    const term = Math.exp(logChoose(n, i) + i * lp + (n - i) * lq);
    total += term;
    if (i > n * p && term < total * 1e-17) break;
  }
  return Math.min(1, total);
}
