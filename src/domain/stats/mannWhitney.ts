import { normalCdf, normalSf } from './distributions.js';

/** Mann-Whitney U test of "y tends to be larger than x" (normal approximation). */
export interface MannWhitneyResult {
  /** U statistic for y: #{(i, j): y_j > x_i} + ½·#{ties}. */
  u: number;
  /** Tie-corrected standard deviation of U under H0. */
  sigma: number;
  /** Continuity-corrected z for H1: y > x. */
  z: number;
  /** One-sided p-value, H1: y stochastically larger than x. */
  pGreater: number;
  /** Two-sided p-value (continuity corrected). */
  pTwoSided: number;
  /** Common-language effect size U / (n_x·n_y), 0.5 means no shift. */
  cles: number;
}

/** Mann-Whitney U with average ranks, tie correction and continuity correction (as scipy `asymptotic`). */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const nx = x.length;
  const ny = y.length;
  const all: Array<[number, number]> = [];
  for (const v of x) all.push([v, 0]);
  for (const v of y) all.push([v, 1]);
  all.sort((a, b) => a[0] - b[0]);
  const n = all.length;
  let rankSumY = 0;
  let tieTerm = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]![0] === all[i]![0]) j += 1;
    const avgRank = (i + j) / 2 + 1;
    const t = j - i + 1;
    if (t > 1) tieTerm += t * t * t - t;
    for (let k = i; k <= j; k += 1) if (all[k]![1] === 1) rankSumY += avgRank;
    i = j + 1;
  }
  const u = rankSumY - (ny * (ny + 1)) / 2;
  const mu = (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return { u, sigma: 0, z: 0, pGreater: 1, pTwoSided: 1, cles: nx * ny > 0 ? u / (nx * ny) : 0.5 };
  const z = (u - mu - 0.5) / sigma;
  const zAbs = (Math.abs(u - mu) - 0.5) / sigma;
  return { u, sigma, z, pGreater: normalSf(z), pTwoSided: Math.min(1, 2 * normalCdf(-zAbs)), cles: u / (nx * ny) };
}
