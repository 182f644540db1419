/** Builders of scorer inputs for table-driven tests. */
import type { SpanFacts, TraceFacts } from '../../../src/domain/facts/types.js';
import type { ScorerInput, ScoringSpan } from '../../../src/domain/scoring/types.js';

export function spanFacts(over: Partial<SpanFacts> = {}): SpanFacts {
  return {
    operation: 'other', provider: null, requestModel: null, responseModel: null, inputTokens: null, outputTokens: null, costUsd: null,
    finishReasons: [], finishClasses: [], toolName: null, isError: false, errorType: null, ttftMs: null, sessionId: null, userId: null,
    inputText: null, outputText: null, action: null, actionReason: null, warnings: [], ...over,
  };
}

/** Span overrides: facts may be partial. */
export type SpanOver = Partial<Omit<ScoringSpan, 'facts' | 'operation'>> & { facts?: Partial<SpanFacts> };

export function span(over: SpanOver = {}): ScoringSpan {
  const facts = spanFacts(over.facts);
  return { spanId: 'b', parentSpanId: 'a', name: 'span', statusCode: 0, statusMessage: '', attributes: {}, ...over, operation: facts.operation, facts };
}

export function traceFacts(over: Partial<TraceFacts> = {}): TraceFacts {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c', serviceName: 'shop', release: 'v1', environment: 'prod', rootSpanId: 'a', incomplete: false,
    startMs: 0, endMs: 1000, durationMs: 1000, spanCount: 1, models: [], providers: [], inputTokens: null, outputTokens: null, costUsd: null,
    inferenceCalls: 1, toolCalls: 0, toolErrors: 0, toolNames: [], error: false, errorTypes: [], finishReasons: [], finishClasses: [],
    lastFinishClass: 'stop', ttftMs: null, sessionId: null, userId: null, inputText: null, outputText: null, contentCaptured: true,
    action: null, actionSource: null, actionReason: null, warningCount: 0, ...over,
  };
}

export const root = (over: SpanOver = {}) => span({ spanId: 'a', parentSpanId: null, name: 'POST /chat', ...over });

export function input(trace: Partial<TraceFacts>, spans: ScoringSpan[] = [root()]): ScorerInput {
  return { trace: traceFacts(trace), spans };
}
