/** The onScored hook that keeps cohort windows current: every scored trace lands in its cohorts' windows. */
import type { Attributes } from '../../../collectors/wireTypes.js';
import { toTraceObservation } from '../../domain/canary/toTraceObservation.js';
import type { SpanStore } from '../ports.js';
import type { ScoredHook, ScoredTrace } from '../scoring/scoreTraces.js';
import type { CanaryStorePort } from './canaryPorts.js';
import { DEFAULT_COHORT_ATTRIBUTE, recordScoredTraces, toWindowedTrace } from './cohortWindows.js';

const TRACKED_REFRESH_MS = 30_000;

/** The trace's value of `attribute`: root span first, span attributes before resource attributes. */
function attributeOf(spans: ReadonlyArray<{ parentSpanId: string | null; attributes: Attributes; resource: Attributes }>, attribute: string): string | null {
  const ordered = [...spans].sort((a, b) => Number(a.parentSpanId !== null) - Number(b.parentSpanId !== null));
  for (const s of ordered) {
    const v = s.attributes[attribute] ?? s.resource[attribute];
    if (v !== undefined && v !== null && typeof v !== 'object') return String(v);
  }
  return null;
}

/**
 * Builds the hook. The scorer's action replaces the stored one, and a scorer's `tool_error` flag (a soft
 * tool error) counts as a tool error. Cohort attributes other than service.version (used by active
 * canaries) are read from the trace's spans, so only canaries on such attributes pay for that read.
 */
export function cohortWindowsHook(store: CanaryStorePort, spans: SpanStore, clock: () => number = Date.now): ScoredHook {
  let tracked: string[] = [];
  let trackedAt = -Infinity;
  return async (scored: readonly ScoredTrace[]) => {
    const now = clock();
    if (now - trackedAt > TRACKED_REFRESH_MS) {
      tracked = [...new Set((await store.listCanaries({ status: 'active' })).map((c) => c.cohortAttribute).filter((a) => a !== DEFAULT_COHORT_ATTRIBUTE))];
      trackedAt = now;
    }
    const byProject = new Map<string, ReturnType<typeof toWindowedTrace>[]>();
    for (const s of scored) {
      const facts = { ...s.trace, action: s.scoring.action ?? s.trace.action };
      const obs = toTraceObservation(facts);
      if (s.scoring.flags.includes('tool_error')) obs.toolError = true;
      const extra: Record<string, string> = {};
      if (tracked.length > 0) {
        const full = await spans.getTrace(s.key.projectId, s.key.traceId);
        for (const a of tracked) {
          const v = full ? attributeOf(full.spans, a) : null;
          if (v !== null) extra[a] = v;
        }
      }
      const list = byProject.get(s.key.projectId) ?? [];
      list.push(toWindowedTrace(facts, obs, extra));
      byProject.set(s.key.projectId, list);
    }
    for (const [projectId, list] of byProject) await recordScoredTraces(store, projectId, list, now);
  };
}
