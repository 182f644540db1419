/**
 * Log-spaced latency histograms: a store groups durations into bins of ~5% relative width
 * (bin = floor(ln(ms) / ln(1.05))) so percentiles over any number of traces come from a few hundred
 * counts. Quantiles are read at the bin's geometric middle (relative error <= ~2.5%).
 */

/** Relative width of one bin. */
export const LOG_BIN_GROWTH = 1.05;
/** Durations below this (ms) share the lowest bin. */
export const LOG_BIN_FLOOR_MS = 0.001;

/** The bin a duration falls in (the same expression the stores evaluate in SQL). */
export function logBinOf(durationMs: number): number {
  return Math.floor(Math.log(Math.max(durationMs, LOG_BIN_FLOOR_MS)) / Math.log(LOG_BIN_GROWTH));
}

/** The representative duration of a bin (its geometric middle). */
export function logBinValue(bin: number): number {
  return Math.pow(LOG_BIN_GROWTH, bin + 0.5);
}

/** The q-quantile (0..1) of a histogram given as [bin, count] pairs; null when empty. */
export function logHistogramQuantile(bins: ReadonlyArray<readonly [number, number]>, q: number): number | null {
  const sorted = [...bins].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bin, n] of sorted) {
    seen += n;
    if (seen >= rank) return logBinValue(bin);
  }
  return logBinValue(sorted[sorted.length - 1]![0]);
}
