import { cusumAddCounts } from '../stats/bernoulliCusum.js';
import { fisherMidP } from '../stats/fisherMidP.js';
import { twoProportionZ } from '../stats/twoProportionZ.js';
import type { DriftPolicy } from '../canary/policy.js';

/** Events out of n traces. */
export interface Counts {
  n: number;
  events: number;
}

/** Hysteresis memory of one drift detector. */
export interface DetectorState {
  consecutiveFail: number;
  consecutiveClear: number;
  drifting: boolean;
  /** Bernoulli CUSUM statistic (nats); 0 for detectors without one. */
  cusum: number;
}

/** OK; WATCH = this window fails but not yet for enough windows; DRIFT; NODATA = window or reference too small. */
export type DriftStatus = 'OK' | 'WATCH' | 'DRIFT' | 'NODATA';

/** One rate's drift decision for one window. */
export interface RateDriftResult {
  status: DriftStatus;
  rate: number;
  referenceRate: number;
  /** rate − referenceRate. */
  effect: number;
  /** One-sided p-value (window rate above the reference). */
  pValue: number;
  test: 'z' | 'fisher-mid-p';
  cusumAlarm: boolean;
  reason: string;
  state: DetectorState;
}

/** A detector that has seen nothing. */
export const FRESH_DETECTOR: DetectorState = { consecutiveFail: 0, consecutiveClear: 0, drifting: false, cusum: 0 };

/** Applies consecutive-window hysteresis: DRIFT after `consecutiveFail` failing windows, clear after `consecutiveClear` clean ones. */
export function applyHysteresis(prev: DetectorState, failing: boolean, policy: DriftPolicy): DetectorState {
  const consecutiveFail = failing ? prev.consecutiveFail + 1 : 0;
  const consecutiveClear = failing ? 0 : prev.consecutiveClear + 1;
  const drifting = prev.drifting ? consecutiveClear < policy.consecutiveClear : consecutiveFail >= policy.consecutiveFail;
  return { ...prev, consecutiveFail, consecutiveClear, drifting };
}

/**
 * Window rate vs reference rate: one-sided z (Fisher mid-p when an expected cell < 5) at alphaWindow
 * AND an increase ≥ failAbs makes a failing window; so does a Bernoulli CUSUM (p0 = reference,
 * p1 = rel·p0, updated with window counts) at or above h, which catches slow creep. DRIFT after
 * consecutiveFail failing windows; cleared after consecutiveClear clean ones (the CUSUM then restarts).
 */
export function decideRateDrift(previous: DetectorState | null, reference: Counts, window: Counts, policy: DriftPolicy): RateDriftResult {
  const prev = previous ?? FRESH_DETECTOR;
  const refRate = reference.n > 0 ? reference.events / reference.n : Number.NaN;
  const rate = window.n > 0 ? window.events / window.n : Number.NaN;
  if (window.n < policy.minPerWindow || reference.n === 0) {
    return { status: 'NODATA', rate, referenceRate: refRate, effect: rate - refRate, pValue: 1, test: 'z', cusumAlarm: false,
      reason: `window has ${window.n} traces (need ${policy.minPerWindow}) or the reference is empty`, state: prev };
  }
  const total = reference.n + window.n;
  const ev = reference.events + window.events;
  const small = Math.min(ev * window.n, ev * reference.n, (total - ev) * window.n, (total - ev) * reference.n) / total < 5;
  const pValue = small ? fisherMidP(window.events, window.n, reference.events, reference.n).pMid : twoProportionZ(window.events, window.n, reference.events, reference.n).pGreater;
  const windowFails = pValue <= policy.alphaWindow && rate - refRate >= policy.failAbs;
  const p0 = Math.min(0.99, Math.max(refRate, 0.5 / reference.n));
  const cus = cusumAddCounts(prev.cusum, window.events, window.n, { p0, p1: Math.min(0.999, policy.cusum.rel * p0), h: policy.cusum.h });
  // The CUSUM above h counts as a failing window, so slow creep also goes through the consecutive-window rule.
  const failing = windowFails || cus.alarm;
  let state = applyHysteresis(prev, failing, policy);
  state = { ...state, cusum: prev.drifting && !state.drifting ? 0 : cus.s };
  const status: DriftStatus = state.drifting ? 'DRIFT' : failing ? 'WATCH' : 'OK';
  const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
  const reason = cus.alarm
    ? `CUSUM ${cus.s.toFixed(1)} ≥ h: sustained rise above the reference ${pct(refRate)} (window ${pct(rate)}), ${state.consecutiveFail} failing window(s) in a row`
    : `window ${pct(rate)} vs reference ${pct(refRate)}, p=${pValue.toExponential(2)} (${small ? 'Fisher mid-p' : 'z'}), ${state.consecutiveFail} failing window(s) in a row`;
  return { status, rate, referenceRate: refRate, effect: rate - refRate, pValue, test: small ? 'fisher-mid-p' : 'z', cusumAlarm: cus.alarm, reason, state };
}
