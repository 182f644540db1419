/**
 * `flagTrace`: the one way any use-case flags a trace for review (manual flags, negative feedback,
 * scorer results, judge verdicts, the worst traces of a failing canary or a drift alert). Creates the
 * trace's review item or merges the signal into it; the priority is recomputed from all signals.
 */
import { AppError } from '../AppError.js';
import { computeReviewPriority, SignalInputSchema, toReviewSignal, type ReviewSignal, type SignalInput } from '../../domain/promotion/signals.js';
import type { ReviewItemRecord } from './PromotionPort.js';
import type { ReviewDeps } from './ReviewDeps.js';

/** What was flagged: the new flag's id and the trace's review item after the merge. */
export interface FlagTraceResult {
  flagId: string;
  item: ReviewItemRecord;
  /** True when this flag opened the item. */
  created: boolean;
}

/** Merges a signal into an item's signals and recomputes the priority (pure). */
export function mergeSignal(existing: readonly ReviewSignal[], signal: ReviewSignal): { signals: ReviewSignal[]; priority: number } {
  const signals = [...existing, signal];
  return { signals, priority: computeReviewPriority(signals) };
}

/**
 * Flags `traceId` of `projectId` with `signal`. NOT_FOUND when the project has no such trace,
 * BAD_REQUEST for an invalid signal. `actor` (default: the signal's source) is written to the audit log.
 */
export async function flagTrace(
  deps: Pick<ReviewDeps, 'spans' | 'promotion' | 'now'>,
  input: { projectId: string; traceId: string; signal: SignalInput; actor?: string },
): Promise<FlagTraceResult> {
  const parsed = SignalInputSchema.safeParse(input.signal);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `invalid signal: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const traceId = input.traceId.toLowerCase();
  const found = await deps.spans.getTrace(input.projectId, traceId);
  if (!found) throw new AppError('NOT_FOUND', `trace ${traceId} not found`);
  const now = deps.now();
  const signal = parsed.data;
  return deps.promotion.recordFlag(
    { projectId: input.projectId, traceId, signal, actor: input.actor ?? signal.source, now },
    mergeSignal,
    (flagId) => toReviewSignal(signal, flagId, now),
  );
}
