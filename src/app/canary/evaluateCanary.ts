/** Canary looks over cohort windows: one persisted look of a canary, or an ad hoc verdict for a release pair. */
import { createCohortSummary, mergeCohortSummaries, decodeCohortSummary, type CohortSummary } from '../../domain/canary/armSummaryCodec.js';
import { decideCanary, type CanaryDecision, type CanaryRunState } from '../../domain/canary/decideCanary.js';
import { PolicySchema, type Policy } from '../../domain/canary/policy.js';
import { toCanaryVerdictJson, worstTraceMetricsOf, type CanaryVerdictJson, type WorstTrace } from '../../domain/canary/toCanaryVerdictJson.js';
import { decideCanaryTraffic, type TrafficDecision, type TrafficEndReason, type TrafficMark, type TrafficMarks } from '../../domain/canary/decideCanaryTraffic.js';
import type { CanaryRecord, CanaryStorePort } from './canaryPorts.js';
import { COHORT_WINDOW_MS, DEFAULT_COHORT_ATTRIBUTE, MERGED_SUMMARY_OPTIONS } from './cohortWindows.js';

/** Which release pair to judge. */
export interface PairQuery {
  projectId: string;
  baseline: string;
  canary: string;
  service: string | null;
  environment: string | null;
  cohortAttribute?: string;
}

const floorWindow = (ms: number): number => Math.floor(ms / COHORT_WINDOW_MS) * COHORT_WINDOW_MS;

/** Reads both arms' windows since fromMs, grouped by window start (ascending). */
async function readArmWindows(store: CanaryStorePort, q: PairQuery, fromMs: number, toMs?: number) {
  const rows = await store.readWindows({
    projectId: q.projectId, service: q.service, environment: q.environment, cohortAttribute: q.cohortAttribute ?? DEFAULT_COHORT_ATTRIBUTE,
    cohorts: [q.baseline, q.canary], fromMs, toMs,
  });
  const starts = [...new Set(rows.map((r) => r.windowStartMs))].sort((a, b) => a - b);
  const byStart = new Map<number, { baseline: CohortSummary[]; canary: CohortSummary[] }>();
  for (const s of starts) byStart.set(s, { baseline: [], canary: [] });
  for (const r of rows) byStart.get(r.windowStartMs)![r.cohort === q.baseline ? 'baseline' : 'canary'].push(decodeCohortSummary(r.summary));
  return { starts, byStart };
}

const merge = (list: CohortSummary[], seed: number): CohortSummary =>
  list.length === 0 ? createCohortSummary({ ...MERGED_SUMMARY_OPTIONS, seed }) : mergeCohortSummaries(list, { ...MERGED_SUMMARY_OPTIONS, seed });

/** Both arms merged over every window since fromMs. */
export async function readArms(store: CanaryStorePort, q: PairQuery, fromMs: number): Promise<{ baseline: CohortSummary; canary: CohortSummary }> {
  const { byStart } = await readArmWindows(store, q, floorWindow(fromMs));
  const all = [...byStart.values()];
  return { baseline: merge(all.flatMap((w) => w.baseline), 0x1111), canary: merge(all.flatMap((w) => w.canary), 0x2222) };
}

/** Parses a stored policy (validated again: it is JSON read back from the database). */
export const parseStoredPolicy = (text: string): Policy => PolicySchema.parse(JSON.parse(text));

/** Why a run ended on its own, kept in the canary's stored state (shown in its alert). */
export interface CanaryEnd {
  reason: TrafficEndReason;
  atMs: number;
  message: string;
}

/** A canary's stored state: the sequential run state, the traffic mark, and why the run ended (once it has). */
export type StoredCanaryState = CanaryRunState & { traffic?: TrafficMarks; ended?: CanaryEnd };

/** Parses a canary's stored state (null before the first look). */
export const parseCanaryState = (text: string | null): StoredCanaryState | null => (text ? (JSON.parse(text) as StoredCanaryState) : null);

/** One look's outcome: whether it was stored, the verdict JSON and decision, the examples with their metrics, the traffic decision. */
export interface CanaryLook {
  saved: boolean;
  result: CanaryVerdictJson;
  decision: CanaryDecision;
  worst: WorstTrace[];
  traffic: TrafficDecision;
}

/**
 * Cumulative scored traces since the canary started: each arm vs every other cohort, counted only in the
 * services and environments where that arm has traffic (a canary declared for any service must not end
 * because some other service keeps serving while this one is quiet).
 */
async function trafficOf(store: CanaryStorePort, q: PairQuery, fromMs: number): Promise<TrafficMarks> {
  const rows = await store.cohortTraffic({ projectId: q.projectId, service: q.service, environment: q.environment, cohortAttribute: q.cohortAttribute ?? DEFAULT_COHORT_ATTRIBUTE, cohorts: null, fromMs });
  const place = (r: { service: string; environment: string }) => JSON.stringify([r.service, r.environment]);
  const mark = (cohort: string): TrafficMark => {
    const places = new Set(rows.filter((r) => r.cohort === cohort).map(place));
    let cohortTraces = 0;
    let otherTraces = 0;
    for (const r of rows) {
      if (r.cohort === cohort) cohortTraces += r.traces;
      else if (places.has(place(r))) otherTraces += r.traces;
    }
    return { cohortTraces, otherTraces };
  };
  return { canary: mark(q.canary), baseline: mark(q.baseline) };
}

function endMessage(c: CanaryRecord, t: Extract<TrafficDecision, { ended: true }>): string {
  const [release, what] = t.reason === 'canary_traffic_stopped' ? [c.canary, 'rolled back or replaced'] : [c.baseline, 'the baseline was retired'];
  return `canary run ended: release ${release} received no scored trace while the other releases of ${c.service || 'any service'}/${c.environment || 'any environment'} received ${t.evidence.otherSince} `
    + `(at its traffic share of at least ${(100 * t.evidence.shareLower).toFixed(1)}%, a release still serving would have sent one with probability above ${(1 - t.evidence.chance).toFixed(6)}): ${what}`;
}

/**
 * Takes the next look of a canary: both arms since its start, the stored sequential state as `previous`,
 * and the look stored with the new state (a look already taken by another evaluator is not repeated).
 * The traffic decision says whether the canary release stopped receiving traffic (the caller ends the run).
 */
export async function runCanaryLook(
  store: CanaryStorePort,
  c: CanaryRecord,
  nowMs: number,
  beforeSave?: (look: Pick<CanaryLook, 'decision' | 'result' | 'worst'>) => Promise<void>,
): Promise<CanaryLook> {
  const policy = parseStoredPolicy(c.policy);
  const q = { projectId: c.projectId, baseline: c.baseline, canary: c.canary, service: c.service || null, environment: c.environment || null, cohortAttribute: c.cohortAttribute };
  const arms = await readArms(store, q, c.startedMs);
  const counts = await trafficOf(store, q, floorWindow(c.startedMs));
  const stored = parseCanaryState(c.state);
  const decision = decideCanary({ policy, baseline: arms.baseline.arm, canary: arms.canary.arm, previous: stored, elapsedMs: nowMs - c.startedMs });
  const traffic = decideCanaryTraffic(stored?.traffic ?? null, counts);
  const result = toCanaryVerdictJson(decision, { ...q, evaluatedAtMs: nowMs, examples: arms.canary.examples });
  const state: StoredCanaryState = { ...decision.state, traffic: traffic.marks, ...(traffic.ended ? { ended: { reason: traffic.reason, atMs: nowMs, message: endMessage(c, traffic) } } : {}) };
  const worst = worstTraceMetricsOf(decision, arms.canary.examples);
  await beforeSave?.({ decision, result, worst });
  const saved = await store.saveLook(c.id, { canaryId: c.id, look: c.looks + 1, evaluatedMs: nowMs, verdict: decision.verdict, final: decision.final, result: JSON.stringify(result) }, JSON.stringify(state));
  return { saved, result, decision, worst, traffic };
}

/** Most looks an ad hoc verdict replays (evenly spread over the windows). */
export const ADHOC_MAX_LOOKS = 20;

/**
 * An ad hoc verdict for a release pair: looks replayed at window boundaries since `sinceMs` (default: the
 * canary cohort's first window), so PASS hysteresis and the running sequential evidence apply as in a
 * persisted canary. NODATA when either arm has no scored trace.
 */
export async function adhocVerdict(store: CanaryStorePort, q: PairQuery, policy: Policy, nowMs: number, sinceMs?: number): Promise<CanaryVerdictJson> {
  const { starts, byStart } = await readArmWindows(store, q, sinceMs !== undefined ? floorWindow(sinceMs) : 0);
  const firstCanary = starts.find((s) => byStart.get(s)!.canary.length > 0);
  const from = sinceMs !== undefined ? floorWindow(sinceMs) : firstCanary ?? 0;
  const used = starts.filter((s) => s >= from);
  const lookAt = new Set(used.filter((_, i) => (i + 1) % Math.ceil(used.length / ADHOC_MAX_LOOKS) === 0 || i === used.length - 1));
  let acc = { baseline: createCohortSummary({ ...MERGED_SUMMARY_OPTIONS, seed: 0x1111 }), canary: createCohortSummary({ ...MERGED_SUMMARY_OPTIONS, seed: 0x2222 }) };
  let pending = { baseline: [] as CohortSummary[], canary: [] as CohortSummary[] };
  let state: CanaryRunState | null = null;
  let decision = decideCanary({ policy, baseline: acc.baseline.arm, canary: acc.canary.arm, elapsedMs: 0 });
  for (const s of used) {
    const w = byStart.get(s)!;
    pending.baseline.push(...w.baseline);
    pending.canary.push(...w.canary);
    if (!lookAt.has(s)) continue;
    acc = { baseline: merge([acc.baseline, ...pending.baseline], 0x1111), canary: merge([acc.canary, ...pending.canary], 0x2222) };
    pending = { baseline: [], canary: [] };
    decision = decideCanary({ policy, baseline: acc.baseline.arm, canary: acc.canary.arm, previous: state, elapsedMs: s + COHORT_WINDOW_MS - from });
    state = decision.state;
  }
  return toCanaryVerdictJson(decision, { ...q, evaluatedAtMs: nowMs, examples: acc.canary.examples });
}
