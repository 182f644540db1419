import type { DriftPolicy } from '../canary/policy.js';
import { computeMixShift, type MixShift } from './computeMixShift.js';
import { decideLatencyDrift, type LatencyDriftResult } from './decideLatencyDrift.js';
import { decideRateDrift, type Counts, type DetectorState, type RateDriftResult } from './decideRateDrift.js';

/** Per-detector memory between windows, keyed by metric name. */
export interface DriftState {
  rates: Record<string, DetectorState>;
  latency: Record<string, DetectorState>;
}

/** One window's inputs: rate counts and latency quantiles against their references, plus categorical mixes. */
export interface DriftInput {
  policy: DriftPolicy;
  previous?: DriftState | null;
  rates?: Record<string, { reference: Counts; window: Counts }>;
  /** Per latency series: reference chunk quantiles (ms) and the window's quantile (null when empty). */
  latency?: Record<string, { referenceChunks: number[]; value: number | null }>;
  mixes?: Record<string, { reference: Record<string, number>; window: Record<string, number> }>;
}

/** One window's drift decisions; `drifting` lists the metrics in DRIFT. */
export interface DriftDecision {
  rates: Record<string, RateDriftResult>;
  latency: Record<string, LatencyDriftResult>;
  /** Informational only. */
  mixes: Record<string, MixShift>;
  drifting: string[];
  state: DriftState;
}

/** Runs every drift detector for one window (pure; reference anchoring is the caller's choice of counts). */
export function decideDrift({ policy, previous, rates = {}, latency = {}, mixes = {} }: DriftInput): DriftDecision {
  const state: DriftState = { rates: { ...previous?.rates }, latency: { ...previous?.latency } };
  const rateOut: Record<string, RateDriftResult> = {};
  for (const [name, r] of Object.entries(rates)) {
    rateOut[name] = decideRateDrift(previous?.rates[name] ?? null, r.reference, r.window, policy);
    state.rates[name] = rateOut[name].state;
  }
  const latOut: Record<string, LatencyDriftResult> = {};
  for (const [name, l] of Object.entries(latency)) {
    latOut[name] = decideLatencyDrift(previous?.latency[name] ?? null, l.referenceChunks, l.value, policy);
    state.latency[name] = latOut[name].state;
  }
  const mixOut = Object.fromEntries(Object.entries(mixes).map(([k, m]) => [k, computeMixShift(m.reference, m.window)]));
  const drifting = [...Object.entries(rateOut), ...Object.entries(latOut)].filter(([, r]) => r.status === 'DRIFT').map(([k]) => k);
  return { rates: rateOut, latency: latOut, mixes: mixOut, drifting, state };
}
