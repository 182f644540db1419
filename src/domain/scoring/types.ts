/** Scorer inputs and results (pure data). Scorers are named `name@version`; results keep the version. */
import type { Attributes, WireEvent } from '../../../collectors/wireTypes.js';
import type { Action, OperationKind, SpanFacts, TraceFacts } from '../facts/types.js';

/** One scorer's result for a trace; value and label null when not assessed (reason says why). */
export interface ScoreResult {
  name: string;
  version: number;
  value: number | null;
  label: string | null;
  reason: string | null;
}

/** Where a trace's action came from. */
export type ActionSource = 'attribute' | 'tool' | 'finish_reason' | 'classifier' | 'judge';
export const ACTION_SOURCES: readonly ActionSource[] = ['attribute', 'tool', 'finish_reason', 'classifier', 'judge'];

/**
 * A span as scorers see it. `operation` is `facts.operation`, given apart so scorers can pick the spans
 * they read (tool, retrieval, the root) without the rest: a store may build `attributes`, `events` and
 * `facts` only when first read, so scorers read them only on the spans they need.
 */
export interface ScoringSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  statusCode: 0 | 1 | 2;
  statusMessage: string;
  operation: OperationKind;
  readonly attributes: Attributes;
  readonly events?: WireEvent[];
  readonly facts: SpanFacts;
}

/** Everything a scorer may look at. */
export interface ScorerInput {
  trace: TraceFacts;
  spans: readonly ScoringSpan[];
}

/** What scoring decided for a trace. */
export interface TraceScoring {
  action: Action | null;
  actionSource: ActionSource | null;
  actionReason: string | null;
  /** Flag names raised by scorers (e.g. `tool_error`, `over_latency_budget`, `pii_email`). */
  flags: string[];
  scores: ScoreResult[];
}

/** `name@version`. */
export const scorerId = (s: { name: string; version: number }) => `${s.name}@${s.version}`;
