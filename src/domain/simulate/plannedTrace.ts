/** The simulator's plan of one trace: outcome facts plus the spans to emit (offsets in ms from trace start). */
import type { Action, FinishClass } from '../facts/types.js';

/** Common timing of a planned span: integer milliseconds relative to the trace start. */
interface SpanTiming {
  startOffsetMs: number;
  durationMs: number;
}

/** The root `invoke_agent` span. */
export interface PlannedAgentSpan extends SpanTiming {
  kind: 'agent';
  agentName: string;
  /** Written as `tracegate.action` only when the trace is labelled. */
  action: Action;
  actionReason: string | null;
}

/** A retrieval over the help center. */
export interface PlannedRetrievalSpan extends SpanTiming {
  kind: 'retrieval';
  dataSourceId: string;
  query: string;
  documents: Array<{ id: string; score: number; content: string }>;
}

/** One LLM call; `finishReason` is the raw OpenAI value. */
export interface PlannedLlmSpan extends SpanTiming {
  kind: 'llm';
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  finishReason: 'stop' | 'length' | 'content_filter' | 'tool_calls';
  ttftMs: number;
  userText: string;
  /** Assistant text ('' for a pure tool-call turn or a filtered response). */
  outputText: string;
  /** Tool calls the model requested in this turn. */
  requestedTools: Array<{ callId: string; name: string; arguments: Record<string, string> }>;
}

/** One tool execution; `error` non-null means the span ends with ERROR status. */
export interface PlannedToolSpan extends SpanTiming {
  kind: 'tool';
  name: string;
  callId: string;
  arguments: Record<string, string>;
  result: Record<string, string> | null;
  error: { type: string; message: string } | null;
}

/** A child span of the root, in emission order. */
export type PlannedChildSpan = PlannedRetrievalSpan | PlannedLlmSpan | PlannedToolSpan;

/** End-user feedback planned for a trace. */
export interface PlannedFeedback {
  value: 'up' | 'down';
  comment: string | null;
  userId: string;
}

/** One planned trace. */
export interface PlannedTrace {
  index: number;
  cohort: 'baseline' | 'canary';
  release: string;
  /** Epoch milliseconds (integer). */
  startMs: number;
  /** End-to-end latency = root span duration, integer milliseconds. */
  latencyMs: number;
  action: Action;
  actionLabelled: boolean;
  /** Finish class of the last LLM call. */
  finishClass: FinishClass;
  toolCalls: number;
  toolErrors: number;
  /** Summed over all LLM calls. */
  inputTokens: number;
  outputTokens: number;
  /** TTFT of the first LLM call, milliseconds. */
  ttftMs: number;
  userId: string;
  conversationId: string;
  question: string;
  responseText: string;
  feedback: PlannedFeedback | null;
  root: PlannedAgentSpan;
  children: PlannedChildSpan[];
}
