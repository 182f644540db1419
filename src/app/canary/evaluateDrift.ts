/**
 * Drift per service, environment and metric: the last complete drift window (all releases) against the
 * reference (anchored: the first `anchored` period after the last canary that passed was stopped, i.e.
 * promoted; rolling: the `rolling` period before the window), through decideDrift. Tumbling windows: each
 * window is judged once (its start is kept in the stored state). Categorical mixes are informational.
 */
import { mergeCohortSummaries, decodeCohortSummary, type CohortSummary } from '../../domain/canary/armSummaryCodec.js';
import { DEFAULT_POLICY } from '../../domain/canary/defaultPolicy.js';
import type { MetricName, Policy } from '../../domain/canary/policy.js';
import type { RateField } from '../../domain/canary/TraceObservation.js';
import { decideDrift, type DriftState } from '../../domain/drift/decideDrift.js';
import type { CanaryStorePort, CohortWindowRow, DriftRecord } from './canaryPorts.js';
import { DEFAULT_COHORT_ATTRIBUTE, MERGED_SUMMARY_OPTIONS } from './cohortWindows.js';

const RATES: Array<[MetricName, RateField]> = [['refusal', 'refused'], ['escalation', 'escalated'], ['toolError', 'toolError'], ['error', 'error'], ['abstention', 'abstained']];

/** A categorical mix whose Jensen-Shannon distance exceeds this is WATCH (informational, never DRIFT). */
export const MIX_WATCH_JS_DISTANCE = 0.1;

const mergeRows = (rows: readonly CohortWindowRow[]): CohortSummary =>
  mergeCohortSummaries(rows.map((r) => decodeCohortSummary(r.summary)), { ...MERGED_SUMMARY_OPTIONS, seed: 7 });

/** Evaluates drift for every service and environment with traffic in the last complete window. */
export async function evaluateDrift(store: CanaryStorePort, nowMs: number, policy: Policy = DEFAULT_POLICY): Promise<{ series: number; drifting: number; skipped: number }> {
  const p = policy.drift;
  const windowEnd = Math.floor(nowMs / p.windowMs) * p.windowMs;
  const windowStart = windowEnd - p.windowMs;
  const services = new Map<string, { projectId: string; service: string; environment: string }>();
  for (const r of await store.recentCohorts(DEFAULT_COHORT_ATTRIBUTE, windowStart)) services.set(JSON.stringify([r.projectId, r.service, r.environment]), r);
  const stored = new Map((await store.listDrift()).map((d) => [JSON.stringify([d.projectId, d.service, d.environment, d.metric]), d]));
  const canaries = await store.listCanaries({ status: 'stopped' });
  const out = { series: 0, drifting: 0, skipped: 0 };
  for (const s of services.values()) {
    const key = (metric: string) => JSON.stringify([s.projectId, s.service, s.environment, metric]);
    const prevAll = stored.get(key('refusal'));
    if (prevAll && JSON.parse(prevAll.state).windowStartMs >= windowStart) { out.skipped += 1; continue; }
    const promoted = canaries.filter((c) => c.projectId === s.projectId && c.service === s.service && c.environment === s.environment && c.verdict === 'PASS' && c.stoppedMs !== null)
      .sort((a, b) => b.stoppedMs! - a.stoppedMs!)[0];
    const anchored = p.reference.anchor === 'last-promoted-release' && promoted && promoted.stoppedMs! + p.reference.anchoredMs <= windowStart;
    const ref = anchored ? { fromMs: promoted.stoppedMs!, toMs: promoted.stoppedMs! + p.reference.anchoredMs } : { fromMs: windowStart - p.reference.rollingMs, toMs: windowStart };
    const q = { projectId: s.projectId, service: s.service, environment: s.environment, cohortAttribute: DEFAULT_COHORT_ATTRIBUTE, cohorts: null };
    const refRows = await store.readWindows({ ...q, ...ref });
    const winRows = await store.readWindows({ ...q, fromMs: windowStart, toMs: windowEnd });
    const reference = mergeRows(refRows);
    const window = mergeRows(winRows);
    // Reference chunks of the latency band: the quantile of each drift-window-sized slice of the reference.
    const chunks = new Map<number, CohortWindowRow[]>();
    for (const r of refRows) {
      const c = Math.floor(r.windowStartMs / p.windowMs) * p.windowMs;
      chunks.set(c, [...(chunks.get(c) ?? []), r]);
    }
    const referenceChunks = [...chunks.values()].map((rows) => mergeRows(rows).arm.dists.latencyMs.sketch.getValueAtQuantile(p.latency.quantile)).filter(Number.isFinite);
    const previous: DriftState = { rates: {}, latency: {} };
    for (const [m] of RATES) { const d = stored.get(key(m)); if (d) previous.rates[m] = JSON.parse(d.state).detector; }
    const lat = stored.get(key('latencyP95'));
    if (lat) previous.latency.latencyP95 = JSON.parse(lat.state).detector;
    const winLat = window.arm.dists.latencyMs.sketch;
    const d = decideDrift({
      policy: p, previous,
      rates: Object.fromEntries(RATES.map(([m, f]) => [m, { reference: reference.arm.rates[f], window: window.arm.rates[f] }])),
      latency: { latencyP95: { referenceChunks, value: winLat.count > 0 ? winLat.getValueAtQuantile(p.latency.quantile) : null } },
      mixes: Object.fromEntries(['finishClass', 'tool', 'model', 'errorType'].map((m) => [m, { reference: reference.mixes[m] ?? {}, window: window.mixes[m] ?? {} }])),
    });
    const base = { projectId: s.projectId, service: s.service, environment: s.environment, updatedMs: nowMs, windowStartMs: windowStart };
    const refInfo = { anchor: anchored ? 'last-promoted-release' : 'rolling', release: anchored ? promoted.canary : null, fromMs: ref.fromMs, toMs: ref.toMs, windowStartMs: windowStart, windowEndMs: windowEnd };
    const rows: DriftRecord[] = [
      ...Object.entries(d.rates).map(([metric, r]): DriftRecord => ({ ...base, metric, kind: 'rate', status: r.status, critical: policy.canary.metrics[metric as MetricName]?.critical ?? false,
        evidence: JSON.stringify({ ...r, state: undefined, reference: refInfo }), state: JSON.stringify({ windowStartMs: windowStart, detector: r.state }) })),
      ...Object.entries(d.latency).map(([metric, r]): DriftRecord => ({ ...base, metric, kind: 'latency', status: r.status, critical: policy.canary.metrics[metric as MetricName]?.critical ?? false,
        evidence: JSON.stringify({ ...r, state: undefined, reference: refInfo }), state: JSON.stringify({ windowStartMs: windowStart, detector: r.state }) })),
      ...Object.entries(d.mixes).map(([metric, m]): DriftRecord => ({ ...base, metric: `mix:${metric}`, kind: 'mix', status: m.jsDistance > MIX_WATCH_JS_DISTANCE ? 'WATCH' : 'OK', critical: false,
        evidence: JSON.stringify({ ...m, changes: m.changes.slice(0, 10), informational: true, reference: refInfo }), state: JSON.stringify({ windowStartMs: windowStart }) })),
    ];
    await store.saveDrift(rows);
    out.series += rows.length;
    out.drifting += d.drifting.length;
  }
  return out;
}
