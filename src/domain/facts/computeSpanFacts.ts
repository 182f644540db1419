import type { Attributes, WireSpan } from '../../../collectors/wireTypes.js';
import { AI_SDK, GEN_AI, GENERAL, LANGFUSE, OPENINFERENCE, TRACELOOP } from './attributeNames.js';
import { classifyFinishReason } from './classifyFinishReason.js';
import { classifyOperation } from './classifyOperation.js';
import { extractSpanText } from './extractSpanText.js';
import { extractUsage } from './extractUsage.js';
import { nanosToMs } from './nanosToMs.js';
import { normalizeProvider } from './normalizeProvider.js';
import { describeValue, readAmount, readFirstText, readStringList, readText } from './readAttr.js';
import { ACTIONS, TRACEGATE_ACTION_ATTR, TRACEGATE_ACTION_REASON_ATTR } from './types.js';
import type { Action, FinishClass, OperationKind, SpanFacts } from './types.js';

/** Precedence per fact: OTel new -> OTel old -> OpenInference -> Traceloop -> AI SDK -> Langfuse. */
const PROVIDER_KEYS = [GEN_AI.providerName, GEN_AI.system, OPENINFERENCE.provider, OPENINFERENCE.system, AI_SDK.modelProvider] as const;
const REQUEST_MODEL_KEYS = [
  GEN_AI.requestModel, OPENINFERENCE.requestModelName, OPENINFERENCE.modelName, AI_SDK.modelId,
  LANGFUSE.modelName, OPENINFERENCE.embeddingModelName,
] as const;
const RESPONSE_MODEL_KEYS = [GEN_AI.responseModel, OPENINFERENCE.responseModelName, OPENINFERENCE.modelName, AI_SDK.responseModel] as const;
const SINGLE_FINISH_KEYS = [
  OPENINFERENCE.finishReason, TRACELOOP.responseFinishReason, TRACELOOP.responseStopReason,
  AI_SDK.finishReason, AI_SDK.finishReasonLegacy, GEN_AI.finishReasonSingular,
] as const;
const TOOL_NAME_KEYS = [GEN_AI.toolName, OPENINFERENCE.toolName, AI_SDK.toolCallName, TRACELOOP.entityName] as const;
const SESSION_KEYS = [GEN_AI.conversationId, GENERAL.sessionId, TRACELOOP.sessionId, AI_SDK.sessionId, LANGFUSE.sessionId] as const;
const USER_KEYS = [GENERAL.userId, GENERAL.endUserId, TRACELOOP.userId, AI_SDK.userId, LANGFUSE.userId] as const;

const NO_REASONS: string[] = [];

/** Raw finish reasons: the list attribute, then Traceloop's `gen_ai.completion.{i}.finish_reason`, then singles. */
function readFinishReasons(attrs: Attributes, warnings: string[]): string[] | null {
  const list = readStringList(attrs, GEN_AI.finishReasons, warnings);
  if (list !== null) return list;
  if (attrs[GEN_AI.completion0FinishReason] !== undefined) {
    const out: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const reason = attrs[`${GEN_AI.completionPrefix}${i}.finish_reason`];
      if (reason === undefined) break;
      if (typeof reason === 'string' && reason.length > 0) out.push(reason);
    }
    if (out.length > 0) return out;
  }
  const single = readFirstText(attrs, SINGLE_FINISH_KEYS, warnings);
  return single === null ? null : [single];
}

function toolNameFromSpanName(name: string): string | null {
  if (name.startsWith('execute_tool ')) return name.slice(13).trim() || null;
  if (name.endsWith('.tool') && name.length > 5) return name.slice(0, -5);
  return null;
}

function readErrorType(span: WireSpan, warnings: string[]): string | null {
  const explicit = readText(span.attributes, GENERAL.errorType, warnings);
  if (explicit !== null) return explicit;
  for (const event of span.events) {
    if (event.name !== GENERAL.exceptionEvent) continue;
    const type = event.attributes[GENERAL.exceptionType];
    if (typeof type === 'string' && type.length > 0) return type;
  }
  return null;
}

/** TTFT in ms: `gen_ai.response.time_to_first_chunk` is seconds, AI SDK values are ms, Langfuse a timestamp. */
function readTtftMs(span: WireSpan, warnings: string[]): number | null {
  const attrs = span.attributes;
  const seconds = readAmount(attrs, GEN_AI.timeToFirstChunkS, warnings);
  if (seconds !== null) return seconds * 1000;
  const ms = readAmount(attrs, AI_SDK.msToFirstChunk, warnings) ?? readAmount(attrs, AI_SDK.streamMsToFirstChunk, warnings);
  if (ms !== null) return ms;
  const start = attrs[LANGFUSE.completionStartTime];
  if (start === undefined || start === null) return null;
  const startedMs = typeof start === 'string' ? Date.parse(start.replace(/^"|"$/g, '')) : NaN;
  const ttft = startedMs - nanosToMs(span.startTimeUnixNano);
  if (Number.isFinite(ttft) && ttft >= 0) return ttft;
  warnings.push(`${LANGFUSE.completionStartTime}: expected an ISO timestamp after the span start, got ${describeValue(start)}`);
  return null;
}

function readAction(attrs: Attributes, warnings: string[]): Action | null {
  const value = attrs[TRACEGATE_ACTION_ATTR];
  if (value === undefined || value === null) return null;
  const action = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((ACTIONS as readonly string[]).includes(action)) return action as Action;
  warnings.push(`${TRACEGATE_ACTION_ATTR}: expected one of ${ACTIONS.join(', ')}, got ${describeValue(value)}`);
  return null;
}

/**
 * Per-span facts across conventions (OTel GenAI new and old, OpenInference, OpenLLMetry, Vercel AI SDK,
 * Langfuse). Pure and total: unknown or malformed attributes become `warnings`, never exceptions.
 */
export function computeSpanFacts(span: WireSpan): SpanFacts {
  const attrs = span.attributes;
  const warnings: string[] = [];
  const operation: OperationKind = classifyOperation(attrs, span.name, warnings);
  const providerRaw = readFirstText(attrs, PROVIDER_KEYS, warnings);
  const provider = providerRaw === null ? null : normalizeProvider(providerRaw);
  const requestModel = readFirstText(attrs, REQUEST_MODEL_KEYS, warnings);
  const responseModel = readFirstText(attrs, RESPONSE_MODEL_KEYS, warnings);
  const usage = extractUsage(attrs, provider, responseModel ?? requestModel, warnings);
  const text = extractSpanText(attrs, warnings);

  let finishReasons = readFinishReasons(attrs, warnings) ?? NO_REASONS;
  if (finishReasons.length === 0 && text.outputFinishReason !== null) finishReasons = [text.outputFinishReason];
  const finishClasses: FinishClass[] = [];
  for (const reason of finishReasons) {
    const finishClass = classifyFinishReason(reason);
    if (finishClass === null) warnings.push(`finish reason: unknown value ${describeValue(reason)}, classed as other`);
    finishClasses.push(finishClass ?? 'other');
  }

  if (span.truncatedValues) warnings.push(`attributes: ${span.truncatedValues} value(s) nested deeper than 64 levels were truncated`);
  const toolName = operation === 'tool' ? readFirstText(attrs, TOOL_NAME_KEYS, warnings) ?? toolNameFromSpanName(span.name) : null;
  const action = readAction(attrs, warnings);
  return {
    operation,
    provider,
    requestModel,
    responseModel,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: usage.costUsd,
    finishReasons: finishReasons === NO_REASONS ? [] : finishReasons,
    finishClasses,
    toolName,
    isError: span.status.code === 2 || attrs[LANGFUSE.level] === 'ERROR',
    errorType: readErrorType(span, warnings),
    ttftMs: readTtftMs(span, warnings),
    sessionId: readFirstText(attrs, SESSION_KEYS, warnings),
    userId: readFirstText(attrs, USER_KEYS, warnings),
    inputText: text.inputText,
    outputText: text.outputText,
    action,
    actionReason: action === null ? null : readText(attrs, TRACEGATE_ACTION_REASON_ATTR, warnings),
    warnings,
  };
}
