/**
 * Has one arm of a canary stopped receiving traffic? The canary release rolled back or replaced by another
 * release, or the baseline retired (the canary promoted): either way the comparison is over and the run
 * ends. Decided at each look from cumulative counts since the canary started: each arm's scored traces and
 * those of every other cohort of the same service and environment (the other arm, a newer release, ...).
 *
 * Per arm, a mark remembers both counts at the last look where the arm grew. When it has not grown since,
 * the other cohorts' traffic since then is compared with the arm's share up to the mark: at the lower
 * confidence bound of that share, a release still serving would have sent no trace among that many with
 * chance (1 - share)^others. Below `maxChance` the arm is taken to be gone. Low-traffic arms therefore
 * wait longer; an arm never seen does not end the run here (the job's idle rule covers it).
 */
import { wilsonInterval } from '../stats/wilson.js';

/** One arm's counts at the last look where it grew: its traces and every other cohort's. */
export interface TrafficMark {
  cohortTraces: number;
  otherTraces: number;
}

/** Both arms' marks, as stored between looks. */
export interface TrafficMarks {
  canary: TrafficMark;
  baseline: TrafficMark;
}

/** Why a run ended because of its traffic (a closed set). */
export type TrafficEndReason = 'canary_traffic_stopped' | 'baseline_traffic_stopped';

/** Evidence that an arm stopped receiving traffic. */
export interface ArmGone {
  /** Other cohorts' traces since the arm last grew. */
  otherSince: number;
  /** Lower confidence bound of the arm's traffic share up to then. */
  shareLower: number;
  /** Chance that a release still serving at that share sent none of them. */
  chance: number;
}

/** The traffic decision of one look. */
export type TrafficDecision =
  | { ended: false; marks: TrafficMarks }
  | { ended: true; marks: TrafficMarks; reason: TrafficEndReason; evidence: ArmGone };

/** Defaults: gone below a one-in-a-million chance, with a one-sided 99.9% lower bound of the share. */
export const TRAFFIC_DEFAULTS = { maxChance: 1e-6, shareConfidence: 0.998 };

/** One arm: its new mark, and the evidence when it is gone. */
export function decideArmTraffic(previous: TrafficMark | null, now: TrafficMark, options = TRAFFIC_DEFAULTS): { mark: TrafficMark; gone: ArmGone | null } {
  if (previous === null || now.cohortTraces > previous.cohortTraces || now.cohortTraces === 0) return { mark: now, gone: null };
  const otherSince = now.otherTraces - previous.otherTraces;
  const shareLower = wilsonInterval(previous.cohortTraces, previous.cohortTraces + previous.otherTraces, options.shareConfidence).lower;
  if (otherSince <= 0 || shareLower <= 0) return { mark: previous, gone: null };
  const chance = Math.exp(otherSince * Math.log1p(-shareLower));
  return { mark: previous, gone: chance <= options.maxChance ? { otherSince, shareLower, chance } : null };
}

/** Both arms from the previous marks (null at the first look); the canary arm's end is reported first. */
export function decideCanaryTraffic(previous: TrafficMarks | null, now: TrafficMarks, options = TRAFFIC_DEFAULTS): TrafficDecision {
  const canary = decideArmTraffic(previous?.canary ?? null, now.canary, options);
  const baseline = decideArmTraffic(previous?.baseline ?? null, now.baseline, options);
  const marks = { canary: canary.mark, baseline: baseline.mark };
  if (canary.gone) return { ended: true, marks, reason: 'canary_traffic_stopped', evidence: canary.gone };
  if (baseline.gone) return { ended: true, marks, reason: 'baseline_traffic_stopped', evidence: baseline.gone };
  return { ended: false, marks };
}
