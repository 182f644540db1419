/**
 * Which two releases of one service and environment form a detected canary. The release first seen
 * earlier is the baseline and the one first seen latest is the canary. Releases first seen within
 * `simultaneousMs` of each other count as simultaneous: then the one with clearly more traffic (beyond a
 * 3-sigma fluctuation of an even split) is the baseline, and otherwise the lower version (natural order:
 * v2 < v10) is. Deterministic: the same cohorts always give the same pair, whatever their order.
 */

/** A release seen in the detection window. */
export interface SeenCohort {
  cohort: string;
  /** Start of its first scored trace in the window (ms). */
  firstSeenMs: number;
  /** Scored traces in the window. */
  traces: number;
}

/** Why the baseline was chosen over the canary (a closed set). */
export type PairReason = 'first_seen_earlier' | 'more_traffic' | 'lower_version';

/** The detected pair, or null with fewer than two releases. */
export type DetectedPair = { baseline: SeenCohort; canary: SeenCohort; reason: PairReason } | null;

const byVersion = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);

/** True when a's traffic is clearly above b's: beyond 3 standard deviations of an even split. */
const clearlyMore = (a: number, b: number): boolean => a - b > 3 * Math.sqrt(a + b);

/** How a ranks against b as the baseline (< 0: a is more of a baseline), and why. */
function rank(a: SeenCohort, b: SeenCohort, simultaneousMs: number): { order: number; reason: PairReason } {
  if (Math.abs(a.firstSeenMs - b.firstSeenMs) > simultaneousMs) return { order: a.firstSeenMs - b.firstSeenMs, reason: 'first_seen_earlier' };
  if (clearlyMore(a.traces, b.traces)) return { order: -1, reason: 'more_traffic' };
  if (clearlyMore(b.traces, a.traces)) return { order: 1, reason: 'more_traffic' };
  return { order: byVersion(a.cohort, b.cohort), reason: 'lower_version' };
}

/** Picks the baseline (earliest, see above) and the canary (latest) among the releases seen. */
export function pickCanaryPair(cohorts: readonly SeenCohort[], simultaneousMs: number): DetectedPair {
  if (cohorts.length < 2) return null;
  // A stable order first (by first seen, then version), so the picks below never depend on input order.
  const sorted = [...cohorts].sort((a, b) => a.firstSeenMs - b.firstSeenMs || byVersion(a.cohort, b.cohort));
  const earliest = sorted[0]!.firstSeenMs;
  const latest = sorted[sorted.length - 1]!.firstSeenMs;
  // Baseline: the best-ranked of the releases simultaneous with the earliest one.
  const baseline = sorted.filter((c) => c.firstSeenMs - earliest <= simultaneousMs)
    .reduce((best, c) => (rank(c, best, simultaneousMs).order < 0 ? c : best));
  // Canary: among the others, the latest; among releases simultaneous with it, the worst-ranked.
  const rest = sorted.filter((c) => c !== baseline);
  const lateOnes = rest.filter((c) => latest - c.firstSeenMs <= simultaneousMs);
  const canary = (lateOnes.length > 0 ? lateOnes : rest).reduce((worst, c) => (rank(c, worst, simultaneousMs).order > 0 ? c : worst));
  return { baseline, canary, reason: rank(baseline, canary, simultaneousMs).reason };
}
