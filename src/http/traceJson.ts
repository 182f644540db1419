/** The public JSON shapes of traces and spans (the API contract documented in docs/api.md). */
import type { FeedbackRecord, SpanRow, TraceSummary } from '../app/ports.js';
import { orderSpans } from '../domain/facts/orderSpans.js';
import type { TraceSummaryJson } from './TraceSummaryJson.js';

const KIND_NAMES = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'] as const;
const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'] as const;

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : new Date(0).toISOString();
}

/** A trace summary as listed (no spans). */
export function toTraceSummaryJson(t: TraceSummary): TraceSummaryJson {
  return {
    traceId: t.traceId,
    serviceName: t.serviceName,
    release: t.release,
    environment: t.environment,
    startTime: iso(t.startMs),
    endTime: iso(t.endMs),
    durationMs: t.durationMs,
    rootSpanId: t.rootSpanId,
    incomplete: t.incomplete,
    spanCount: t.spanCount,
    models: t.models,
    providers: t.providers,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    costUsd: t.costUsd,
    inferenceCalls: t.inferenceCalls,
    toolCalls: t.toolCalls,
    toolErrors: t.toolErrors,
    toolNames: t.toolNames,
    error: t.error,
    errorTypes: t.errorTypes,
    finishReasons: t.finishReasons,
    finishClasses: t.finishClasses,
    lastFinishClass: t.lastFinishClass,
    ttftMs: t.ttftMs,
    sessionId: t.sessionId,
    userId: t.userId,
    contentCaptured: t.contentCaptured,
    inputText: t.inputText,
    outputText: t.outputText,
    action: t.action,
    actionSource: t.actionSource,
    actionReason: t.actionReason,
    warningCount: t.warningCount,
  };
}

/** One span of a trace. */
export function toSpanJson(s: SpanRow) {
  return {
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: KIND_NAMES[s.kind] ?? 'UNSPECIFIED',
    startTime: iso(s.startMs),
    durationMs: s.durationMs,
    status: { code: STATUS_NAMES[s.statusCode] ?? 'UNSET', message: s.statusMessage },
    attributes: s.attributes,
    events: s.events,
    links: s.links,
    resource: s.resource,
    scope: { name: s.scopeName, version: s.scopeVersion },
    operation: s.facts.operation,
    facts: s.facts,
    warnings: s.facts.warnings,
  };
}

/** A full trace: summary, spans (start order, parents before children on ties) and feedback. */
export function toTraceJson(t: TraceSummary, spans: SpanRow[], feedback: FeedbackRecord[]) {
  return {
    ...toTraceSummaryJson(t),
    feedback: feedback.map((f) => ({
      id: f.id,
      value: f.value,
      score: f.score,
      comment: f.comment,
      userId: f.userId,
      createdAt: f.createdAt.toISOString(),
    })),
    spans: orderSpans(spans).map(toSpanJson),
  };
}
