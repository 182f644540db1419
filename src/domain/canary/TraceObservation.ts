/** What the decision core needs to know about one trace (the unit of analysis). */
export interface TraceObservation {
  refused: boolean;
  escalated: boolean;
  abstained: boolean;
  /** At least one failed tool call in the trace. */
  toolError: boolean;
  /** A repeated inference or tool call after an error. */
  retried: boolean;
  /** Some inference finished with a content filter. */
  contentFilter: boolean;
  error: boolean;
  /** Negative user feedback; null when the trace has no feedback (excluded from that rate). */
  feedbackNegative: boolean | null;
  /** End-to-end latency in milliseconds. */
  latencyMs: number;
  /** Time to first token in milliseconds; null when not reported. */
  ttftMs: number | null;
  /** USD; null when unknown. */
  costUsd: number | null;
  /** Input + output tokens; null when unknown. */
  tokens: number | null;
  toolCalls: number;
  spanCount: number;
  /** Score from a calibrated judge (higher is better); null when unscored. */
  judgeScore: number | null;
}

/** Boolean per-trace facts that become rates. */
export const RATE_FIELDS = ['refused', 'escalated', 'abstained', 'toolError', 'retried', 'contentFilter', 'error', 'feedbackNegative'] as const;
/** A rate field of TraceObservation. */
export type RateField = (typeof RATE_FIELDS)[number];

/** Numeric per-trace facts that become distributions. */
export const DIST_FIELDS = ['latencyMs', 'ttftMs', 'costUsd', 'tokens', 'toolCalls', 'spanCount', 'judgeScore'] as const;
/** A distribution field of TraceObservation. */
export type DistField = (typeof DIST_FIELDS)[number];
