/** Outcome of a (weighted) Holm step-down procedure. */
export interface HolmResult {
  rejected: boolean[];
  /** Holm-adjusted p-values (1 for weight-0 hypotheses). */
  adjusted: number[];
}

/**
 * Weighted Holm: order by p_i / w_i; at each step reject while p_(j) ≤ α·w_(j) / Σ(remaining weights).
 * Unit weights (the default) give classic Holm. Weight 0 means "never rejected".
 */
export function holm(pValues: readonly number[], alpha: number, weights?: readonly number[]): HolmResult {
  const m = pValues.length;
  const w = weights ?? pValues.map(() => 1);
  const idx = pValues.map((_, i) => i).filter((i) => (w[i] ?? 0) > 0);
  idx.sort((a, b) => pValues[a]! / w[a]! - pValues[b]! / w[b]!);
  let remaining = idx.reduce((s, i) => s + w[i]!, 0);
  const rejected = new Array<boolean>(m).fill(false);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  let stop = false;
  for (const i of idx) {
    const adj = Math.min(1, (pValues[i]! * remaining) / w[i]!);
    running = Math.max(running, adj);
    adjusted[i] = running;
    if (!stop && pValues[i]! <= (alpha * w[i]!) / remaining) rejected[i] = true;
    else stop = true;
    remaining -= w[i]!;
  }
  return { rejected, adjusted };
}
