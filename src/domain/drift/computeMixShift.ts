import { chiSquareSf } from '../stats/distributions.js';

/** Informational shift of a categorical mix (finish classes, tool names, models, error types). Never gates. */
export interface MixShift {
  /** Jensen-Shannon distance (base 2, in [0, 1]). */
  jsDistance: number;
  /** Population stability index (shares floored at 1e-4). */
  psi: number;
  /** Chi-square homogeneity p-value of the 2×k table (1 when either side is empty). */
  chiSquareP: number;
  /** Categories by absolute share change, largest first. */
  changes: Array<{ category: string; referenceShare: number; windowShare: number }>;
}

/** Compares category counts of a window with the reference's. */
export function computeMixShift(reference: Readonly<Record<string, number>>, window: Readonly<Record<string, number>>): MixShift {
  const cats = [...new Set([...Object.keys(reference), ...Object.keys(window)])];
  const nr = cats.reduce((s, c) => s + (reference[c] ?? 0), 0);
  const nw = cats.reduce((s, c) => s + (window[c] ?? 0), 0);
  if (nr === 0 || nw === 0) return { jsDistance: 0, psi: 0, chiSquareP: 1, changes: [] };
  let js = 0;
  let psi = 0;
  let chi = 0;
  for (const c of cats) {
    const r = (reference[c] ?? 0) / nr;
    const w = (window[c] ?? 0) / nw;
    const m = (r + w) / 2;
    if (r > 0) js += 0.5 * r * Math.log2(r / m);
    if (w > 0) js += 0.5 * w * Math.log2(w / m);
    const rf = Math.max(r, 1e-4);
    const wf = Math.max(w, 1e-4);
    psi += (wf - rf) * Math.log(wf / rf);
    const tot = (reference[c] ?? 0) + (window[c] ?? 0);
    for (const [obs, n] of [[reference[c] ?? 0, nr], [window[c] ?? 0, nw]] as const) {
      const exp = (tot * n) / (nr + nw);
      if (exp > 0) chi += (obs - exp) ** 2 / exp;
    }
  }
  const changes = cats
    .map((category) => ({ category, referenceShare: (reference[category] ?? 0) / nr, windowShare: (window[category] ?? 0) / nw }))
    .sort((a, b) => Math.abs(b.windowShare - b.referenceShare) - Math.abs(a.windowShare - a.referenceShare));
  return { jsDistance: Math.sqrt(Math.max(0, js)), psi, chiSquareP: cats.length > 1 ? chiSquareSf(chi, cats.length - 1) : 1, changes };
}
