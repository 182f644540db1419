/**
 * The scoring hook that turns scorer results into review flags: after each scored batch, every trace
 * whose scorers raised a failure flag (unsupported claim, PII, tool error, format) gets one signal per
 * flag through `flagTrace`. A trace re-scored with the same flag from the same scorer version is not
 * flagged again.
 */
import type { ScoredHook } from '../scoring/scoreTraces.js';
import { toScorerSignals } from '../../domain/promotion/toScorerSignals.js';
import { flagTrace } from './flagTrace.js';
import type { ReviewDeps } from './ReviewDeps.js';

/** The hook (register it in the scoring job's `onScored`). */
export function flagScoredTracesHook(deps: Pick<ReviewDeps, 'spans' | 'promotion' | 'now'>): ScoredHook {
  return async (scored) => {
    for (const s of scored) {
      const signals = toScorerSignals(s.scoring);
      if (signals.length === 0) continue;
      const item = await deps.promotion.getReviewItemByTrace(s.key.projectId, s.key.traceId);
      const seen = new Set((item?.signals ?? []).map((x) => `${x.source}\u0000${String(x.details.flag)}`));
      for (const signal of signals) {
        if (seen.has(`${signal.source}\u0000${String(signal.details?.flag)}`)) continue;
        await flagTrace(deps, { projectId: s.key.projectId, traceId: s.key.traceId, signal });
      }
    }
  };
}
