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
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const n = nx + ny;
  let rankSumY = 0;
  let tieTerm = 0;
  let i = 0;
  let j = 0;
  let rank = 0; // ranks assigned so far
  while (i < nx || j < ny) {
    const v = j >= ny || (i < nx && xs[i]! <= ys[j]!) ? xs[i]! : ys[j]!;
    let cx = 0;
    let cy = 0;
    while (i < nx && xs[i] === v) { i += 1; cx += 1; }
    while (j < ny && ys[j] === v) { j += 1; cy += 1; }
    const t = cx + cy;
    const avgRank = rank + (t + 1) / 2;
    if (t > 1) tieTerm += t * t * t - t;
    rankSumY += cy * avgRank;
    rank += t;
  }
  const u = rankSumY - (ny * (ny + 1)) / 2;
  const mu = (nx * ny) / 2;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (!(sigma > 0)) return { u, sigma: 0, z: 0, pGreater: 1, pTwoSided: 1, cles: nx * ny > 0 ? u / (nx * ny) : 0.5 };
  const z = (u - mu - 0.5) / sigma;
  const zAbs = (Math.abs(u - mu) - 0.5) / sigma;
  return { u, sigma, z, pGreater: normalSf(z), pTwoSided: Math.min(1, 2 * normalCdf(-zAbs)), cles: u / (nx * ny) };
}
