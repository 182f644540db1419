/** Declaring, stopping, detecting and looking up canaries. */
import { DEFAULT_POLICY } from '../../domain/canary/defaultPolicy.js';
import type { Policy } from '../../domain/canary/policy.js';
import type { CanaryVerdictJson } from '../../domain/canary/toCanaryVerdictJson.js';
import type { CanaryRecord, CanaryStorePort } from './canaryPorts.js';
import { DEFAULT_COHORT_ATTRIBUTE } from './cohortWindows.js';
import { adhocVerdict, type PairQuery } from './evaluateCanary.js';

/** What declares a canary. */
export interface CanarySpec {
  projectId: string;
  baseline: string;
  canary: string;
  service?: string | null;
  environment?: string | null;
  cohortAttribute?: string | null;
  policy?: Policy | null;
  /** Declared start (ms since epoch), when the canary judges traffic from; null: see startCanary. */
  startedMs?: number | null;
}

const same = (c: CanaryRecord, s: CanarySpec): boolean =>
  c.projectId === s.projectId && c.baseline === s.baseline && c.canary === s.canary && c.service === (s.service ?? '') &&
  c.environment === (s.environment ?? '') && c.cohortAttribute === (s.cohortAttribute ?? DEFAULT_COHORT_ATTRIBUTE);

/**
 * Starts a canary (or returns the active one with the same cohorts: starting twice is a no-op). It starts
 * at `nowMs`, or when the canary release was first seen in the last hour if that is earlier, unless the
 * spec declares its start (`startedMs`).
 */
export async function startCanary(store: CanaryStorePort, spec: CanarySpec, nowMs: number, source: CanaryRecord['source'] = 'declared'): Promise<{ canary: CanaryRecord; created: boolean }> {
  const active = (await store.listCanaries({ projectId: spec.projectId, status: 'active' })).find((c) => same(c, spec));
  if (active) return { canary: active, created: false };
  const policy = spec.policy ?? DEFAULT_POLICY;
  // A canary declared after its release began serving starts where that traffic starts (within the detection window).
  const attr = spec.cohortAttribute ?? DEFAULT_COHORT_ATTRIBUTE;
  const firstSeen = spec.startedMs != null ? nowMs : (await store.recentCohorts(attr, nowMs - DETECTION_WINDOW_MS))
    .filter((r) => r.projectId === spec.projectId && r.cohort === spec.canary && (!spec.service || r.service === spec.service) && (!spec.environment || r.environment === spec.environment))
    .reduce((m, r) => Math.min(m, r.firstSeenMs), nowMs);
  nowMs = spec.startedMs ?? Math.min(nowMs, firstSeen);
  const canary = await store.createCanary({
    projectId: spec.projectId, service: spec.service ?? '', environment: spec.environment ?? '', baseline: spec.baseline, canary: spec.canary,
    cohortAttribute: spec.cohortAttribute ?? DEFAULT_COHORT_ATTRIBUTE, source, policy: JSON.stringify(policy), policyVersion: policy.policyVersion, startedMs: nowMs,
  });
  return { canary, created: true };
}

/** Stops the active canaries matching the spec; returns them. */
export async function stopCanaries(store: CanaryStorePort, spec: CanarySpec, nowMs: number): Promise<CanaryRecord[]> {
  const active = (await store.listCanaries({ projectId: spec.projectId, status: 'active' }))
    .filter((c) => c.baseline === spec.baseline && c.canary === spec.canary && (!spec.service || c.service === spec.service) && (!spec.environment || c.environment === spec.environment));
  const out: CanaryRecord[] = [];
  for (const c of active) {
    const s = await store.stopCanary(c.id, nowMs);
    if (s) out.push(s);
  }
  return out;
}

/** How far back detection looks for two releases of one service and environment. */
export const DETECTION_WINDOW_MS = 60 * 60_000;

/**
 * Detects canaries: when one service and environment received traffic from two releases in the detection
 * window and no canary for that pair exists yet, the release first seen later is the canary.
 */
export async function detectCanaries(store: CanaryStorePort, nowMs: number): Promise<CanaryRecord[]> {
  const recent = await store.recentCohorts(DEFAULT_COHORT_ATTRIBUTE, nowMs - DETECTION_WINDOW_MS);
  const groups = new Map<string, typeof recent>();
  for (const r of recent) {
    const k = JSON.stringify([r.projectId, r.service, r.environment]);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const known = await store.listCanaries({});
  const created: CanaryRecord[] = [];
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => a.firstSeenMs - b.firstSeenMs);
    const baseline = sorted[0]!;
    const canary = sorted[sorted.length - 1]!;
    const spec = { projectId: baseline.projectId, baseline: baseline.cohort, canary: canary.cohort, service: baseline.service, environment: baseline.environment };
    if (known.some((c) => c.projectId === spec.projectId && c.service === spec.service && c.environment === spec.environment && (c.status === 'active' || (c.baseline === spec.baseline && c.canary === spec.canary)))) continue;
    const r = await startCanary(store, spec, Math.min(canary.firstSeenMs, nowMs), 'detected');
    if (r.created) created.push(r.canary);
  }
  return created;
}

/**
 * Stops active canaries whose canary cohort has had no scored traffic for the detection window (the
 * release was rolled back or replaced), so their alerts resolve. Canaries younger than that are kept.
 */
export async function retireIdleCanaries(store: CanaryStorePort, nowMs: number): Promise<CanaryRecord[]> {
  const active = (await store.listCanaries({ status: 'active' })).filter((c) => nowMs - c.startedMs >= DETECTION_WINDOW_MS);
  const out: CanaryRecord[] = [];
  const recentByAttr = new Map<string, Set<string>>();
  for (const c of active) {
    if (!recentByAttr.has(c.cohortAttribute)) {
      const rows = await store.recentCohorts(c.cohortAttribute, nowMs - DETECTION_WINDOW_MS);
      recentByAttr.set(c.cohortAttribute, new Set(rows.map((r) => JSON.stringify([r.projectId, r.service, r.environment, r.cohort]))));
    }
    const seen = [...recentByAttr.get(c.cohortAttribute)!].some((k) => {
      const [p, s, e, cohort] = JSON.parse(k) as string[];
      return p === c.projectId && cohort === c.canary && (!c.service || s === c.service) && (!c.environment || e === c.environment);
    });
    if (seen) continue;
    const stopped = await store.stopCanary(c.id, nowMs);
    if (stopped) out.push(stopped);
  }
  return out;
}

/**
 * The verdict for a release pair: the latest stored look of a matching canary (active first, then the most
 * recent), unless a policy or a start time is given; otherwise an ad hoc verdict over the cohort windows.
 */
export async function verdictFor(store: CanaryStorePort, q: PairQuery, nowMs: number, opts: { policy?: Policy; sinceMs?: number } = {}): Promise<CanaryVerdictJson> {
  if (!opts.policy && opts.sinceMs === undefined) {
    const match = (await store.listCanaries({ projectId: q.projectId }))
      .filter((c) => c.baseline === q.baseline && c.canary === q.canary && c.looks > 0 && (!q.service || c.service === q.service) && (!q.environment || c.environment === q.environment))
      .sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active') || b.startedMs - a.startedMs)[0];
    if (match) {
      const [latest] = await store.listEvaluations(match.id, 1);
      if (latest) return JSON.parse(latest.result) as CanaryVerdictJson;
    }
  }
  return adhocVerdict(store, q, opts.policy ?? DEFAULT_POLICY, nowMs, opts.sinceMs);
}
