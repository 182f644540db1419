/**
 * Emits one planned trace through a real OpenTelemetry tracer with explicit start/end times, so the
 * stored durations equal the plan exactly. Attributes come from the kit's GenAI builders.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { PlannedChildSpan, PlannedLlmSpan, PlannedTrace } from '../../domain/simulate/index.js';
import { GENERAL, TRACEGATE_ACTION_ATTR, TRACEGATE_ACTION_REASON_ATTR } from '../../instrument/attributeNames.js';
import {
  agentAttributes,
  agentSpanName,
  llmRequestAttributes,
  llmResponseAttributes,
  llmSpanName,
  retrievalAttributes,
  retrievalDocumentsAttributes,
  retrievalSpanName,
  textMessage,
  toolAttributes,
  toolResultAttributes,
  toolSpanName,
  type GenAiMessage,
} from '../../instrument/genAiAttributes.js';

const SYSTEM_PROMPT = 'You are the support assistant of an online shop. Answer from the help center, cite sources, use tools for orders.';

/** Emits the trace starting at `trace.startMs + shiftMs`; returns the trace id the SDK assigned. */
export function emitPlannedTrace(tracer: Tracer, planned: PlannedTrace, options: { shiftMs: number; captureContent: boolean }): string {
  const t0 = planned.startMs + options.shiftMs;
  const root = tracer.startSpan(
    agentSpanName({ name: planned.root.agentName }),
    {
      kind: SpanKind.INTERNAL,
      startTime: t0,
      attributes: agentAttributes({ name: planned.root.agentName, conversationId: planned.conversationId, userId: planned.userId }),
    },
    ROOT_CONTEXT,
  );
  if (planned.actionLabelled) {
    root.setAttribute(TRACEGATE_ACTION_ATTR, planned.action);
    if (planned.root.actionReason) root.setAttribute(TRACEGATE_ACTION_REASON_ATTR, planned.root.actionReason);
  }
  const parent = trace.setSpan(ROOT_CONTEXT, root);
  for (const child of planned.children) {
    const span = tracer.startSpan(childName(child), { kind: childKind(child), startTime: t0 + child.startOffsetMs, attributes: childAttributes(child, options.captureContent) }, parent);
    finishChild(span, child, options.captureContent);
    span.end(t0 + child.startOffsetMs + child.durationMs);
  }
  root.end(t0 + planned.latencyMs);
  return root.spanContext().traceId;
}

function childName(child: PlannedChildSpan): string {
  if (child.kind === 'llm') return llmSpanName({ provider: child.provider, model: child.model });
  if (child.kind === 'tool') return toolSpanName({ name: child.name });
  return retrievalSpanName({ dataSourceId: child.dataSourceId });
}

function childKind(child: PlannedChildSpan): SpanKind {
  return child.kind === 'tool' ? SpanKind.INTERNAL : SpanKind.CLIENT;
}

function childAttributes(child: PlannedChildSpan, capture: boolean) {
  if (child.kind === 'tool') return toolAttributes({ name: child.name, callId: child.callId, arguments: child.arguments }, capture);
  if (child.kind === 'retrieval') return retrievalAttributes({ dataSourceId: child.dataSourceId, query: child.query, topK: child.documents.length }, capture);
  return llmRequestAttributes(
    { provider: child.provider, model: child.model, stream: true, maxTokens: 512, inputMessages: [textMessage('user', child.userText)], systemInstructions: SYSTEM_PROMPT },
    capture,
  );
}

function finishChild(span: Span, child: PlannedChildSpan, capture: boolean): void {
  if (child.kind === 'retrieval') {
    span.setAttributes(retrievalDocumentsAttributes(child.documents, capture));
  } else if (child.kind === 'tool') {
    if (child.error) {
      span.setAttribute(GENERAL.errorType, child.error.type);
      span.setStatus({ code: SpanStatusCode.ERROR, message: child.error.message });
    } else {
      span.setAttributes(toolResultAttributes(child.result ?? undefined, capture));
    }
  } else {
    span.setAttributes(
      llmResponseAttributes(
        {
          model: child.model,
          finishReasons: [child.finishReason],
          inputTokens: child.inputTokens,
          outputTokens: child.outputTokens,
          timeToFirstChunkMs: child.ttftMs,
          outputMessages: [outputMessage(child)],
        },
        capture,
      ),
    );
  }
}

function outputMessage(child: PlannedLlmSpan): GenAiMessage {
  const finish = child.finishReason === 'tool_calls' ? 'tool_call' : child.finishReason;
  const message: GenAiMessage = { role: 'assistant', parts: [], finish_reason: finish };
  if (child.outputText) message.parts.push({ type: 'text', content: child.outputText });
  for (const call of child.requestedTools) message.parts.push({ type: 'tool_call', id: call.callId, name: call.name, arguments: call.arguments });
  return message;
}
