/**
 * /metrics series from the cohort windows and canaries, refreshed in the background (at most every 30 s,
 * started by a scrape): per service and release over the last hour, scored traces, refusal, escalation
 * and tool-error rates and latency quantiles; tracegate_canary_verdict{service,baseline,canary}
 * (0 pass, 1 fail, 2 inconclusive, 3 nodata). Label sets are bounded: the 20 busiest service/release
 * pairs of the last hour and the 20 most recent canaries.
 */
import { decodeCohortSummary, mergeCohortSummaries } from '../../domain/canary/armSummaryCodec.js';
import type { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import type { CanaryStorePort } from './canaryPorts.js';
import { DEFAULT_COHORT_ATTRIBUTE, MERGED_SUMMARY_OPTIONS } from './cohortWindows.js';

type Series = Array<{ labels: Record<string, string>; value: number }>;
const VERDICT_VALUE: Record<string, number> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 2, NODATA: 3 };
const MAX_RELEASES = 20;
const MAX_CANARIES = 20;
const REFRESH_MS = 30_000;

/** Registers the series on `metrics`; returns a refresh function (tests and jobs may call it directly). */
export function registerCanaryMetrics(metrics: ServiceMetrics, store: CanaryStorePort, onError: (e: unknown) => void, clock: () => number = Date.now): () => Promise<void> {
  const snap: Record<string, Series> = {};
  let last = -Infinity;
  let running: Promise<void> | null = null;
  const refresh = async (): Promise<void> => {
    const now = clock();
    const since = now - 3_600_000;
    const recent = (await store.recentCohorts(DEFAULT_COHORT_ATTRIBUTE, since)).sort((a, b) => b.traces - a.traces).slice(0, MAX_RELEASES);
    const next: Record<string, Series> = { scored: [], refusal: [], escalation: [], toolError: [], p50: [], p95: [], verdict: [] };
    for (const r of recent) {
      const rows = await store.readWindows({ projectId: r.projectId, service: r.service, environment: r.environment, cohortAttribute: DEFAULT_COHORT_ATTRIBUTE, cohorts: [r.cohort], fromMs: since });
      const s = mergeCohortSummaries(rows.map((w) => decodeCohortSummary(w.summary)), { ...MERGED_SUMMARY_OPTIONS, seed: 3 }).arm;
      const labels = { service: r.service, environment: r.environment, release: r.cohort };
      const rate = (f: 'refused' | 'escalated' | 'toolError') => (s.rates[f].n > 0 ? s.rates[f].events / s.rates[f].n : 0);
      next.scored!.push({ labels, value: s.traces });
      next.refusal!.push({ labels, value: rate('refused') });
      next.escalation!.push({ labels, value: rate('escalated') });
      next.toolError!.push({ labels, value: rate('toolError') });
      const lat = s.dists.latencyMs.sketch;
      if (lat.count > 0) {
        next.p50!.push({ labels, value: lat.getValueAtQuantile(0.5) / 1000 });
        next.p95!.push({ labels, value: lat.getValueAtQuantile(0.95) / 1000 });
      }
    }
    const canaries = (await store.listCanaries({})).filter((c) => c.verdict !== null && (c.status === 'active' || now - (c.stoppedMs ?? 0) < 3_600_000)).slice(0, MAX_CANARIES);
    for (const c of canaries) next.verdict!.push({ labels: { service: c.service, baseline: c.baseline, canary: c.canary }, value: VERDICT_VALUE[c.verdict!] ?? 3 });
    Object.assign(snap, next);
    last = now;
  };
  const read = (key: string) => (): Series => {
    if (clock() - last > REFRESH_MS && !running) running = refresh().catch(onError).finally(() => { running = null; });
    return snap[key] ?? [];
  };
  metrics.gaugeSeries('tracegate_scored_traces', 'Scored traces in the last hour, per service, environment and release', read('scored'));
  metrics.gaugeSeries('tracegate_refusal_rate', 'Share of scored traces refused in the last hour, per service, environment and release', read('refusal'));
  metrics.gaugeSeries('tracegate_escalation_rate', 'Share of scored traces escalated in the last hour, per service, environment and release', read('escalation'));
  metrics.gaugeSeries('tracegate_tool_error_rate', 'Share of scored traces with a failed tool call in the last hour, per service, environment and release', read('toolError'));
  metrics.gaugeSeries('tracegate_trace_latency_p50_seconds', 'Median trace latency in the last hour (1% sketch), per service, environment and release', read('p50'));
  metrics.gaugeSeries('tracegate_trace_latency_p95_seconds', '95th percentile trace latency in the last hour (1% sketch), per service, environment and release', read('p95'));
  metrics.gaugeSeries('tracegate_canary_verdict', 'Latest canary verdict: 0 pass, 1 fail, 2 inconclusive, 3 nodata', read('verdict'));
  return refresh;
}
