/** Normalized facts the domain core derives from spans and traces. Pure data, no I/O. */

/** What one span does. */
export type OperationKind = 'inference' | 'tool' | 'agent' | 'retrieval' | 'embedding' | 'other';

/** Normalized finish reason class. */
export type FinishClass = 'stop' | 'length' | 'tool_call' | 'content_filter' | 'error' | 'other';

/** The response's action. */
export type Action = 'answer' | 'abstain' | 'clarify' | 'refuse' | 'escalate';
export const ACTIONS: readonly Action[] = ['answer', 'abstain', 'clarify', 'refuse', 'escalate'];

/** The tracegate attribute namespace the instrumentation kit writes (documented in docs/). */
export const TRACEGATE_ACTION_ATTR = 'tracegate.action';
export const TRACEGATE_ACTION_REASON_ATTR = 'tracegate.action.reason';

/** Per-span facts; null means "not reported by this span". */
export interface SpanFacts {
  operation: OperationKind;
  /** Normalized provider (e.g. `openai`, `aws.bedrock`), null when unknown. */
  provider: string | null;
  requestModel: string | null;
  responseModel: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  /** USD: explicit attribute or price table; null when unknown. */
  costUsd: number | null;
  /** Raw finish reasons as reported. */
  finishReasons: string[];
  /** Normalized classes, one per raw reason. */
  finishClasses: FinishClass[];
  /** Tool name when operation is `tool`. */
  toolName: string | null;
  /** Span status ERROR (or a convention-specific error marker). */
  isError: boolean;
  /** `error.type`, else the first exception event's type, else null. */
  errorType: string | null;
  /** Time to first token in milliseconds, null when not reported. */
  ttftMs: number | null;
  sessionId: string | null;
  userId: string | null;
  /** Captured input text (user-visible prompt), null when not captured. */
  inputText: string | null;
  /** Captured output text, null when not captured. */
  outputText: string | null;
  /** Explicit action attribute (`tracegate.action`), null when absent. */
  action: Action | null;
  actionReason: string | null;
  /** Mapping warnings (unknown or malformed attributes); never a reason to drop the span. */
  warnings: string[];
}

/** A span as the trace-level computation needs it (from storage or from a batch). */
export interface TraceSpanInput {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** Milliseconds since the epoch (fractional). */
  startMs: number;
  endMs: number;
  statusCode: 0 | 1 | 2;
  serviceName: string | null;
  /** `service.version`. */
  release: string | null;
  /** `deployment.environment.name`, else `deployment.environment`. */
  environment: string | null;
  facts: SpanFacts;
}

/** Content attached from log records (GenAI content events), keyed to a span. */
export interface SpanContentInput {
  spanId: string;
  /** `input` for prompt-side messages, `output` for choices / assistant output. */
  direction: 'input' | 'output';
  text: string;
  finishReason: string | null;
  timeMs: number;
}

/** Per-trace facts; recomputed whenever more spans of the trace arrive. */
export interface TraceFacts {
  traceId: string;
  serviceName: string | null;
  release: string | null;
  environment: string | null;
  rootSpanId: string | null;
  /** True when some span's parent is missing from the trace (or no root yet). */
  incomplete: boolean;
  startMs: number;
  endMs: number;
  /** End-to-end latency: root span duration, else max end - min start. */
  durationMs: number;
  spanCount: number;
  models: string[];
  providers: string[];
  /** Summed over leaf inference spans only (null when no span reported any). */
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  inferenceCalls: number;
  toolCalls: number;
  toolErrors: number;
  toolNames: string[];
  error: boolean;
  errorTypes: string[];
  finishReasons: string[];
  finishClasses: FinishClass[];
  /** Finish class of the last inference span (what matters for refusals). */
  lastFinishClass: FinishClass | null;
  ttftMs: number | null;
  sessionId: string | null;
  userId: string | null;
  inputText: string | null;
  outputText: string | null;
  /** False means "no content captured": content-based scorers treat the trace as unscorable. */
  contentCaptured: boolean;
  /** Null until known (explicit attribute now; inferred by later issues). */
  action: Action | null;
  actionSource: 'attribute' | 'inferred' | null;
  actionReason: string | null;
  warningCount: number;
}
