import type { DriftPolicy } from '../canary/policy.js';
import { applyHysteresis, FRESH_DETECTOR, type DetectorState, type DriftStatus } from './decideRateDrift.js';

/** One latency quantile's band decision for one window. */
export interface LatencyDriftResult {
  status: DriftStatus;
  /** Window quantile (ms), null when the window had no data. */
  value: number | null;
  /** Band from reference chunks: mean ± bandSigma·sd (ms). */
  bandLower: number;
  bandUpper: number;
  reason: string;
  state: DetectorState;
}

/**
 * NannyML-style band: the window's quantile (e.g. p95 from its sketch) against mean + k·sd of the same
 * quantile over reference chunks (e.g. hourly p95 over the reference days); above the band fails the
 * window, with consecutive-window hysteresis. Fewer than minChunks reference chunks → NODATA.
 */
export function decideLatencyDrift(previous: DetectorState | null, referenceChunks: readonly number[], value: number | null, policy: DriftPolicy): LatencyDriftResult {
  const prev = previous ?? FRESH_DETECTOR;
  const k = referenceChunks.length;
  const mean = k > 0 ? referenceChunks.reduce((s, v) => s + v, 0) / k : Number.NaN;
  const sd = k > 1 ? Math.sqrt(referenceChunks.reduce((s, v) => s + (v - mean) ** 2, 0) / (k - 1)) : Number.NaN;
  const bandLower = mean - policy.latency.bandSigma * sd;
  const bandUpper = mean + policy.latency.bandSigma * sd;
  if (k < policy.latency.minChunks || value === null || !Number.isFinite(value)) {
    return { status: 'NODATA', value, bandLower, bandUpper, reason: `need ${policy.latency.minChunks} reference chunks (have ${k}) and a window value`, state: prev };
  }
  const failing = value > bandUpper;
  const state = applyHysteresis(prev, failing, policy);
  const status: DriftStatus = state.drifting ? 'DRIFT' : failing ? 'WATCH' : 'OK';
  return { status, value, bandLower, bandUpper, state,
    reason: `window p${Math.round(100 * policy.latency.quantile)} ${value.toFixed(0)} ms vs band [${bandLower.toFixed(0)}, ${bandUpper.toFixed(0)}] ms, ${state.consecutiveFail} window(s) above in a row` };
}
