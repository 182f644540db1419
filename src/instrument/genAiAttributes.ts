/**
 * Pure builders from typed call descriptions to OTel GenAI span attributes. Shared by the helpers
 * (`withLlmCall`, `withTool`, ...) and the traffic simulator so both emit the same shape.
 * Content-bearing attributes (messages, tool arguments/results, query text, document text) are only
 * written when `captureContent` is true.
 */
import type { Attributes } from '@opentelemetry/api';
import { GEN_AI, GENERAL, type GenAiOperation } from './attributeNames.js';

/** One part of a GenAI message (the convention's `parts` array). */
export type GenAiPart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments?: unknown }
  | { type: 'tool_call_response'; id: string; response: unknown };

/** A GenAI chat message; `finish_reason` only on output messages. */
export interface GenAiMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  parts: GenAiPart[];
  finish_reason?: string;
}

/** What is known when an LLM call starts. */
export interface LlmRequest {
  /** `gen_ai.provider.name`, e.g. `openai`. */
  provider: string;
  model: string;
  operation?: Extract<GenAiOperation, 'chat' | 'text_completion' | 'generate_content'>;
  inputMessages?: GenAiMessage[];
  systemInstructions?: string;
  temperature?: number;
  maxTokens?: number;
  stream?: boolean;
  serverAddress?: string;
  serverPort?: number;
  conversationId?: string;
}

/** What is known when an LLM call returns; every field optional. */
export interface LlmResponse {
  model?: string;
  id?: string;
  /** Raw finish reasons as the provider reported them (one per choice). */
  finishReasons?: string[];
  inputTokens?: number;
  outputTokens?: number;
  outputMessages?: GenAiMessage[];
  /** Milliseconds; written as `gen_ai.response.time_to_first_chunk` in SECONDS. */
  timeToFirstChunkMs?: number;
}

/** A tool execution. */
export interface ToolCall {
  name: string;
  callId?: string;
  type?: 'function' | 'extension' | 'datastore';
  description?: string;
  /** Written as JSON in `gen_ai.tool.call.arguments` when content capture is on. */
  arguments?: unknown;
}

/** A retrieval request. */
export interface RetrievalRequest {
  /** Knowledge base / vector store id (`gen_ai.data_source.id`). */
  dataSourceId?: string;
  query?: string;
  topK?: number;
}

/** One retrieved document: id and score always recorded, content only with capture. */
export interface RetrievedDocument {
  id: string;
  score?: number;
  content?: string;
}

/** An agent invocation (usually the trace's root span). */
export interface AgentInfo {
  name: string;
  id?: string;
  version?: string;
  conversationId?: string;
  userId?: string;
  sessionId?: string;
}

/** A text message in GenAI shape. */
export function textMessage(role: GenAiMessage['role'], content: string, finishReason?: string): GenAiMessage {
  const message: GenAiMessage = { role, parts: [{ type: 'text', content }] };
  if (finishReason !== undefined) message.finish_reason = finishReason;
  return message;
}

/** `"{operation} {model}"`, the convention's inference span name. */
export function llmSpanName(request: LlmRequest): string {
  return `${request.operation ?? 'chat'} ${request.model}`;
}

/** Attributes known at LLM call start. */
export function llmRequestAttributes(request: LlmRequest, captureContent: boolean): Attributes {
  const attrs: Attributes = {
    [GEN_AI.operationName]: request.operation ?? 'chat',
    [GEN_AI.providerName]: request.provider,
    [GEN_AI.requestModel]: request.model,
  };
  setIfDefined(attrs, GEN_AI.requestTemperature, request.temperature);
  setIfDefined(attrs, GEN_AI.requestMaxTokens, request.maxTokens);
  setIfDefined(attrs, GEN_AI.requestStream, request.stream);
  setIfDefined(attrs, GENERAL.serverAddress, request.serverAddress);
  setIfDefined(attrs, GENERAL.serverPort, request.serverPort);
  setIfDefined(attrs, GEN_AI.conversationId, request.conversationId);
  if (captureContent) {
    if (request.inputMessages) attrs[GEN_AI.inputMessages] = JSON.stringify(request.inputMessages);
    if (request.systemInstructions !== undefined) {
      attrs[GEN_AI.systemInstructions] = JSON.stringify([{ type: 'text', content: request.systemInstructions }]);
    }
  }
  return attrs;
}

/** Attributes known when the LLM call returns. */
export function llmResponseAttributes(response: LlmResponse, captureContent: boolean): Attributes {
  const attrs: Attributes = {};
  setIfDefined(attrs, GEN_AI.responseModel, response.model);
  setIfDefined(attrs, GEN_AI.responseId, response.id);
  if (response.finishReasons) attrs[GEN_AI.responseFinishReasons] = [...response.finishReasons];
  setIfDefined(attrs, GEN_AI.usageInputTokens, response.inputTokens);
  setIfDefined(attrs, GEN_AI.usageOutputTokens, response.outputTokens);
  if (response.timeToFirstChunkMs !== undefined) {
    attrs[GEN_AI.responseTimeToFirstChunk] = response.timeToFirstChunkMs / 1000;
  }
  if (captureContent && response.outputMessages) {
    attrs[GEN_AI.outputMessages] = JSON.stringify(response.outputMessages);
  }
  return attrs;
}

/** `"execute_tool {name}"`. */
export function toolSpanName(call: ToolCall): string {
  return `execute_tool ${call.name}`;
}

/** Attributes of a tool span at start. */
export function toolAttributes(call: ToolCall, captureContent: boolean): Attributes {
  const attrs: Attributes = {
    [GEN_AI.operationName]: 'execute_tool',
    [GEN_AI.toolName]: call.name,
    [GEN_AI.toolType]: call.type ?? 'function',
  };
  setIfDefined(attrs, GEN_AI.toolCallId, call.callId);
  setIfDefined(attrs, GEN_AI.toolDescription, call.description);
  if (captureContent && call.arguments !== undefined) attrs[GEN_AI.toolCallArguments] = toJson(call.arguments);
  return attrs;
}

/** Attributes of a tool's result (content: only with capture). */
export function toolResultAttributes(result: unknown, captureContent: boolean): Attributes {
  return captureContent && result !== undefined ? { [GEN_AI.toolCallResult]: toJson(result) } : {};
}

/** `"retrieval {data source}"` (or `"retrieval"`). */
export function retrievalSpanName(request: RetrievalRequest): string {
  return request.dataSourceId ? `retrieval ${request.dataSourceId}` : 'retrieval';
}

/** Attributes of a retrieval span at start. */
export function retrievalAttributes(request: RetrievalRequest, captureContent: boolean): Attributes {
  const attrs: Attributes = { [GEN_AI.operationName]: 'retrieval' };
  setIfDefined(attrs, GEN_AI.dataSourceId, request.dataSourceId);
  setIfDefined(attrs, GEN_AI.retrievalTopK, request.topK);
  if (captureContent) setIfDefined(attrs, GEN_AI.retrievalQueryText, request.query);
  return attrs;
}

/** `gen_ai.retrieval.documents` as JSON `[{id, score}]` (+ `content` with capture). */
export function retrievalDocumentsAttributes(documents: RetrievedDocument[], captureContent: boolean): Attributes {
  const docs = documents.map((d) => {
    const doc: Record<string, unknown> = { id: d.id };
    if (d.score !== undefined) doc.score = d.score;
    if (captureContent && d.content !== undefined) doc.content = d.content;
    return doc;
  });
  return { [GEN_AI.retrievalDocuments]: JSON.stringify(docs) };
}

/** `"invoke_agent {name}"`. */
export function agentSpanName(agent: AgentInfo): string {
  return `invoke_agent ${agent.name}`;
}

/** Attributes of an agent span. */
export function agentAttributes(agent: AgentInfo): Attributes {
  const attrs: Attributes = { [GEN_AI.operationName]: 'invoke_agent', [GEN_AI.agentName]: agent.name };
  setIfDefined(attrs, GEN_AI.agentId, agent.id);
  setIfDefined(attrs, GEN_AI.agentVersion, agent.version);
  setIfDefined(attrs, GEN_AI.conversationId, agent.conversationId);
  setIfDefined(attrs, GENERAL.userId, agent.userId);
  setIfDefined(attrs, GENERAL.sessionId, agent.sessionId);
  return attrs;
}

/** Low-cardinality `error.type` for a thrown value: a string `code`, else the error's name, else `_OTHER`. */
export function errorTypeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0) return code;
    if (error instanceof Error && error.name) return error.name;
  }
  return '_OTHER';
}

function toJson(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function setIfDefined(attrs: Attributes, key: string, value: string | number | boolean | undefined): void {
  if (value !== undefined) attrs[key] = value;
}
