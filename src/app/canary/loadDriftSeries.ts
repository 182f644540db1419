/**
 * The drift history for the dashboard: per service and environment, every monitored metric's judged
 * windows (value against the reference and its band, the CUSUM statistic, the status), the traces each
 * window held and whether the last judged window had enough traffic to judge at all. Read-only: it
 * reports what the drift job decided (evaluateDrift), it never decides anything itself.
 */
import { DEFAULT_POLICY } from '../../domain/canary/defaultPolicy.js';
import type { MetricName, Policy } from '../../domain/canary/policy.js';
import type { DriftRecord } from './canaryPorts.js';
import { DEFAULT_COHORT_ATTRIBUTE } from './cohortWindows.js';
import type { DriftGroup, DriftMetricSeries, DriftPoint, DriftSeries } from './driftSeriesTypes.js';
import { MIX_WATCH_JS_DISTANCE } from './evaluateDrift.js';

/** One stored window judgement. */
export type DriftWindowRecord = DriftRecord & { windowStartMs: number };

/** Which slice of a project: null service/environment = every one. */
export interface DriftSeriesQuery {
  projectId: string;
  service: string | null;
  environment: string | null;
  fromMs: number;
  toMs: number;
}

/** Traces in cohort windows, per service and environment (and per cohort-window start when grouped so). */
export interface WindowTraceCount {
  service: string;
  environment: string;
  windowStartMs: number;
  traces: number;
}

/** The reads behind the drift series (src/store/CanaryStore.ts implements them). */
export interface DriftSeriesStore {
  /** Judged windows starting in [fromMs, toMs), oldest first. */
  listDriftWindows(q: DriftSeriesQuery): Promise<DriftWindowRecord[]>;
  /** Traces per service, environment and cohort-window start in [fromMs, toMs), for one cohort attribute. */
  windowTraceCounts(q: DriftSeriesQuery & { cohortAttribute: string }): Promise<WindowTraceCount[]>;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const groupKey = (service: string, environment: string): string => JSON.stringify([service, environment]);

/** Turns one stored judgement into a chart point. */
export function toDriftPoint(r: DriftWindowRecord, windowMs: number, failAbs: number): DriftPoint {
  const ev = obj(JSON.parse(r.evidence));
  const state = obj(JSON.parse(r.state));
  const base = { windowStart: iso(r.windowStartMs), windowEnd: iso(r.windowStartMs + windowMs), status: r.status, reason: typeof ev.reason === 'string' ? ev.reason : null };
  if (r.kind === 'rate') {
    const reference = num(ev.referenceRate);
    return { ...base, value: num(ev.rate), reference, bandLower: reference, bandUpper: reference === null ? null : reference + failAbs, cusum: num(obj(state.detector).cusum) };
  }
  if (r.kind === 'latency') {
    const lo = num(ev.bandLower);
    const hi = num(ev.bandUpper);
    return { ...base, value: num(ev.value), reference: lo !== null && hi !== null ? (lo + hi) / 2 : null, bandLower: lo, bandUpper: hi, cusum: null };
  }
  const shares = Array.isArray(ev.changes) ? (ev.changes as Array<{ category: string; referenceShare: number; windowShare: number }>) : [];
  // An empty side (no categories in the window or the reference) has nothing to compare: no value.
  return { ...base, value: shares.length > 0 ? num(ev.jsDistance) : null, reference: null, bandLower: null, bandUpper: null, cusum: null, shares };
}

/** The last `windows` drift windows before `nowMs` (plus the one in progress), per service and environment. */
export async function loadDriftSeries(
  store: DriftSeriesStore,
  q: { projectId: string; service: string | null; environment: string | null; windows: number; nowMs: number },
  policy: Policy = DEFAULT_POLICY,
): Promise<DriftSeries> {
  const p = policy.drift;
  const currentStart = Math.floor(q.nowMs / p.windowMs) * p.windowMs;
  const slice = { projectId: q.projectId, service: q.service, environment: q.environment };
  const judged = await store.listDriftWindows({ ...slice, fromMs: currentStart - q.windows * p.windowMs, toMs: currentStart });
  const counts = await store.windowTraceCounts({ ...slice, cohortAttribute: DEFAULT_COHORT_ATTRIBUTE, fromMs: currentStart - q.windows * p.windowMs, toMs: currentStart + p.windowMs });
  const traces = new Map<string, number>();
  for (const c of counts) {
    const k = JSON.stringify([c.service, c.environment, Math.floor(c.windowStartMs / p.windowMs) * p.windowMs]);
    traces.set(k, (traces.get(k) ?? 0) + c.traces);
  }
  const tracesIn = (service: string, environment: string, startMs: number): number => traces.get(JSON.stringify([service, environment, startMs])) ?? 0;

  const groups = new Map<string, { service: string; environment: string; rows: DriftWindowRecord[] }>();
  for (const r of judged) {
    const k = groupKey(r.service, r.environment);
    if (!groups.has(k)) groups.set(k, { service: r.service, environment: r.environment, rows: [] });
    groups.get(k)!.rows.push(r);
  }
  for (const c of counts) if (!groups.has(groupKey(c.service, c.environment))) groups.set(groupKey(c.service, c.environment), { service: c.service, environment: c.environment, rows: [] });

  const out: DriftGroup[] = [];
  for (const g of groups.values()) {
    const lastStart = g.rows.reduce((m, r) => Math.max(m, r.windowStartMs), -Infinity);
    const lastRows = g.rows.filter((r) => r.windowStartMs === lastStart);
    const reference = lastRows.length ? obj(obj(JSON.parse(lastRows[0]!.evidence)).reference) : null;
    let latest: DriftGroup['latest'] = null;
    if (lastRows.length && reference) {
      const from = num(reference.fromMs) ?? 0;
      const to = num(reference.toMs) ?? 0;
      const refCounts = await store.windowTraceCounts({ projectId: q.projectId, service: g.service, environment: g.environment, cohortAttribute: DEFAULT_COHORT_ATTRIBUTE, fromMs: from, toMs: to });
      latest = {
        windowStart: iso(lastStart), windowEnd: iso(lastStart + p.windowMs), traces: tracesIn(g.service, g.environment, lastStart),
        referenceTraces: refCounts.reduce((s, c) => s + c.traces, 0),
        reference: { anchor: reference.anchor ?? null, release: reference.release ?? null, from: iso(from), to: iso(to) },
      };
    }
    const byMetric = new Map<string, DriftWindowRecord[]>();
    for (const r of g.rows) byMetric.set(r.metric, [...(byMetric.get(r.metric) ?? []), r]);
    const metrics = [...byMetric.entries()].map(([metric, rows]): DriftMetricSeries => {
      const last = rows[rows.length - 1]!;
      return { metric, kind: last.kind, status: last.status, critical: last.critical, informational: last.kind === 'mix',
        points: rows.map((r) => toDriftPoint(r, p.windowMs, p.failAbs)) };
    }).sort((a, b) => metricOrder(policy, a.metric) - metricOrder(policy, b.metric) || a.metric.localeCompare(b.metric));
    out.push({
      service: g.service || null, environment: g.environment || null, latest,
      current: { windowStart: iso(currentStart), windowEnd: iso(currentStart + p.windowMs), traces: tracesIn(g.service, g.environment, currentStart) },
      enoughTraffic: latest !== null && latest.traces >= p.minPerWindow && latest.referenceTraces > 0,
      metrics,
    });
  }
  out.sort((a, b) => `${a.service ?? ''}\u0000${a.environment ?? ''}`.localeCompare(`${b.service ?? ''}\u0000${b.environment ?? ''}`));
  return {
    windowMs: p.windowMs, minPerWindow: p.minPerWindow, failAbs: p.failAbs, cusumThreshold: p.cusum.h, latencyMinChunks: p.latency.minChunks,
    mixWatchDistance: MIX_WATCH_JS_DISTANCE, groups: out,
  };
}

/** The metrics in the order a reader scans them: critical rates, other rates, latency, then mixes. */
export function metricOrder(policy: Policy, metric: string): number {
  const critical = policy.canary.metrics[metric as MetricName]?.critical ?? false;
  return metric.startsWith('mix:') ? 3 : metric.startsWith('latency') ? 2 : critical ? 0 : 1;
}
