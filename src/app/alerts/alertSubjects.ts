/** What the alert rules watch, built from stored canaries (latest look) and drift states. */
import { toTraceLink, type AlertMetricLine } from '../../domain/alerts/AlertContent.js';
import type { CanaryVerdictJson } from '../../domain/canary/toCanaryVerdictJson.js';
import type { CanaryRecord, CanaryStorePort } from '../canary/canaryPorts.js';
import { parseCanaryState } from '../canary/evaluateCanary.js';
import type { AlertSubject } from './evaluateAlerts.js';

/** Stopped canaries stay subjects this long, so their alerts resolve. */
const STOPPED_KEEP_MS = 24 * 3_600_000;

const pct = (v: number | null): string => (v !== null ? `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}%` : '');

/** The alert's one-line summary: the failing metrics, or why the run ended (stopped, or its traffic moved on). */
function summaryOf(c: CanaryRecord, verdict: string, bad: CanaryVerdictJson['metrics']): string {
  if (verdict === 'STOPPED') return parseCanaryState(c.state)?.ended?.message ?? 'canary stopped';
  return bad.length > 0 ? `failing: ${bad.map((m) => `${m.metric} ${pct(m.effect)}`).join(', ')}` : `verdict ${verdict}`;
}

/** Subjects for every canary with a look (active, or stopped within a day: STOPPED resolves) and every drift state. */
export async function loadAlertSubjects(store: CanaryStorePort, publicUrl: string, nowMs: number): Promise<AlertSubject[]> {
  const out: AlertSubject[] = [];
  for (const c of await store.listCanaries({})) {
    if (c.looks === 0 || (c.status === 'stopped' && nowMs - (c.stoppedMs ?? 0) > STOPPED_KEEP_MS)) continue;
    const [latest] = await store.listEvaluations(c.id, 1);
    if (!latest) continue;
    const v = JSON.parse(latest.result) as CanaryVerdictJson;
    const verdict = c.status === 'stopped' ? 'STOPPED' : v.verdict;
    const bad = v.metrics.filter((m) => m.verdict === 'FAIL');
    const lines: AlertMetricLine[] = (bad.length > 0 ? bad : v.metrics.filter((m) => m.critical)).map((m) => ({
      metric: m.metric, verdict: m.verdict, critical: m.critical, effect: m.effect,
      interval: m.interval[0] !== null && m.interval[1] !== null ? [m.interval[0], m.interval[1]] : null, reason: m.reason,
    }));
    const where = `${c.service || 'any service'}/${c.environment || 'any environment'}`;
    out.push({
      projectId: c.projectId, source: 'canary', subject: `canary/${c.id}`, atMs: c.status === 'stopped' ? Math.max(c.stoppedMs ?? 0, latest.evaluatedMs) : latest.evaluatedMs,
      verdict, critical: true,
      content: {
        subject: `canary/${c.id}`, source: 'canary', title: `Canary ${c.canary} vs ${c.baseline} (${where}): ${verdict}`,
        summary: summaryOf(c, verdict, bad),
        service: c.service || null, environment: c.environment || null, baseline: c.baseline, canary: c.canary, verdict, policyVersion: v.policyVersion,
        metrics: lines, worstTraces: v.worstTraces.map((t) => toTraceLink(publicUrl, t)), atMs: latest.evaluatedMs,
      },
    });
  }
  for (const d of await store.listDrift()) {
    if (d.kind === 'mix') continue;
    const ev = JSON.parse(d.evidence) as { effect?: number; reason: string; rate?: number; referenceRate?: number };
    const subject = `drift/${d.service}/${d.environment}/${d.metric}`;
    out.push({
      projectId: d.projectId, source: 'drift', subject, atMs: d.updatedMs, verdict: d.status, critical: d.critical,
      content: {
        subject, source: 'drift', title: `Drift of ${d.metric} on ${d.service || 'any service'}/${d.environment || 'any environment'}: ${d.status}`, summary: ev.reason,
        service: d.service || null, environment: d.environment || null, baseline: null, canary: null, verdict: d.status, policyVersion: null,
        metrics: [{ metric: d.metric, verdict: d.status, critical: d.critical, effect: ev.effect ?? null, interval: null, reason: ev.reason }], worstTraces: [], atMs: d.updatedMs,
      },
    });
  }
  return out;
}
