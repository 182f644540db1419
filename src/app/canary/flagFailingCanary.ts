/**
 * When a canary's run turns FAIL, its worst canary-arm traces (the examples the verdict carries) go to the
 * review queue through `flagTrace`, one `canary` signal per trace naming the canary and the failing metric.
 * Idempotent: a trace already flagged by this canary for this metric is not flagged again.
 */
import { AppError } from '../AppError.js';
import type { CanaryVerdictJson, WorstTrace } from '../../domain/canary/toCanaryVerdictJson.js';
import type { SignalInput } from '../../domain/promotion/signals.js';
import { flagTrace } from '../review/flagTrace.js';
import type { ReviewDeps } from '../review/ReviewDeps.js';
import type { CanaryRecord } from './canaryPorts.js';

/** What flagging did: new flags, traces already flagged for the same reason, traces no longer stored. */
export interface CanaryFlagCounts {
  flagged: number;
  alreadyFlagged: number;
  missing: number;
}

const pct = (v: number | null): string => (v === null ? 'n/a' : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}%`);

/** The review signal for one example trace of a failing metric (pure). */
export function toCanarySignal(c: CanaryRecord, result: CanaryVerdictJson, w: WorstTrace, look: number): SignalInput {
  const m = result.metrics.find((x) => x.metric === w.metric);
  const where = `${c.service || 'any service'}/${c.environment || 'any environment'}`;
  const effect = m ? ` (effect ${pct(m.effect)}, interval [${pct(m.interval[0])}, ${pct(m.interval[1])}])` : '';
  return {
    kind: 'canary',
    source: `canary:${c.id}`,
    reason: `canary ${c.canary} vs ${c.baseline} on ${where} failed ${w.metric}${effect}: an example trace of the canary release`,
    details: {
      canaryId: c.id, metric: w.metric, baseline: c.baseline, canary: c.canary, service: c.service || null, environment: c.environment || null,
      look, policyVersion: result.policyVersion, effect: m?.effect ?? null, interval: m?.interval ?? null,
    },
  };
}

/** True when the signals already hold this canary's flag for this metric. */
const hasFlag = (signals: ReadonlyArray<{ kind: string; details: Record<string, unknown> }>, canaryId: string, metric: string): boolean =>
  signals.some((s) => s.kind === 'canary' && s.details.canaryId === canaryId && s.details.metric === metric);

/** Flags the examples of the failing metrics (`worst`, as the look computed them) of canary `c`. */
export async function flagFailingCanary(
  deps: Pick<ReviewDeps, 'spans' | 'promotion' | 'now'>,
  c: CanaryRecord,
  result: CanaryVerdictJson,
  worst: readonly WorstTrace[],
  look: number,
): Promise<CanaryFlagCounts> {
  const out: CanaryFlagCounts = { flagged: 0, alreadyFlagged: 0, missing: 0 };
  for (const w of worst.filter((x) => x.verdict === 'FAIL')) {
    const item = await deps.promotion.getReviewItemByTrace(c.projectId, w.traceId);
    if (item && hasFlag(item.signals, c.id, w.metric)) { out.alreadyFlagged += 1; continue; }
    try {
      await flagTrace(deps, { projectId: c.projectId, traceId: w.traceId, signal: toCanarySignal(c, result, w, look) });
      out.flagged += 1;
    } catch (err) {
      // The example's trace may be gone (retention): nothing to review.
      if (err instanceof AppError && err.code === 'NOT_FOUND') { out.missing += 1; continue; }
      throw err;
    }
  }
  return out;
}
