import type { TraceFacts } from '../facts/types.js';
import type { TraceObservation } from './TraceObservation.js';

/** User feedback attached to a trace. */
export interface TraceFeedback {
  negative: boolean;
}

/** Extra per-trace inputs that TraceFacts does not carry. */
export interface ObservationExtras {
  /** Calibrated judge score (higher is better); null/absent when unscored. */
  judgeScore?: number | null;
  /** Overrides the retry heuristic when the caller knows better. */
  retried?: boolean;
}

/**
 * Maps stored trace facts (+ optional feedback) to a TraceObservation. Retry is a heuristic
 * unless given: a tool error followed by more tool calls, or an error type with several inferences.
 */
export function toTraceObservation(facts: TraceFacts, feedback?: TraceFeedback | null, extras: ObservationExtras = {}): TraceObservation {
  const tokens = facts.inputTokens === null && facts.outputTokens === null ? null : (facts.inputTokens ?? 0) + (facts.outputTokens ?? 0);
  const retriedHeuristic =
    (facts.toolErrors > 0 && facts.toolCalls > facts.toolErrors) || (facts.errorTypes.length > 0 && facts.inferenceCalls > 1);
  return {
    refused: facts.action === 'refuse',
    escalated: facts.action === 'escalate',
    abstained: facts.action === 'abstain',
    toolError: facts.toolErrors > 0,
    retried: extras.retried ?? retriedHeuristic,
    contentFilter: facts.finishClasses.includes('content_filter') || facts.lastFinishClass === 'content_filter',
    error: facts.error,
    feedbackNegative: feedback ? feedback.negative : null,
    latencyMs: facts.durationMs,
    ttftMs: facts.ttftMs,
    costUsd: facts.costUsd,
    tokens,
    toolCalls: facts.toolCalls,
    spanCount: facts.spanCount,
    judgeScore: extras.judgeScore ?? null,
  };
}
