/**
 * Judge verdicts become review flags: wraps the judge store so that when a trace's judge status is
 * saved as judged, each failing verdict (a label outside its rubric's passing labels) flags the trace
 * through `flagTrace` (kind `judge`, source `judge:RUBRIC@VERSION`). A flagging error is logged, never
 * fails the judge run; the same verdict is not flagged twice.
 */
import type { Logger } from '../logger.js';
import type { JudgeStore } from '../scoring/judge/judgePorts.js';
import { toJudgeSignals, type RubricPass } from '../../domain/promotion/toJudgeSignals.js';
import { flagTrace } from './flagTrace.js';
import type { ReviewDeps } from './ReviewDeps.js';

/** The judge store with judge flags raised after each judged trace is saved. */
export function withJudgeFlags(store: JudgeStore, rubrics: readonly RubricPass[], deps: Pick<ReviewDeps, 'spans' | 'promotion' | 'now'>, logger: Logger): JudgeStore {
  const wrapped: JudgeStore = Object.create(store) as JudgeStore;
  wrapped.setJudgeStatus = async (key, status, reason, scores, atMs) => {
    await store.setJudgeStatus(key, status, reason, scores, atMs);
    if (status !== 'judged') return;
    try {
      const signals = toJudgeSignals(scores, rubrics);
      if (signals.length === 0) return;
      const item = await deps.promotion.getReviewItemByTrace(key.projectId, key.traceId);
      const seen = new Set((item?.signals ?? []).map((s) => `${s.source}\u0000${String(s.details.flag)}`));
      for (const signal of signals) {
        if (!seen.has(`${signal.source}\u0000${String(signal.details?.flag)}`)) await flagTrace(deps, { projectId: key.projectId, traceId: key.traceId, signal });
      }
    } catch (err) {
      logger.error('judge flag failed', { traceId: key.traceId, error: err instanceof Error ? err.message : String(err) });
    }
  };
  return wrapped;
}
