/**
 * Attribute names the kit writes: the current OTel GenAI conventions (semantic-conventions-genai,
 * `gen_ai.*` after v1.36) plus tracegate's own `tracegate.*` namespace. Defined as plain strings on
 * purpose: `@opentelemetry/semantic-conventions` marks every GenAI constant deprecated ("Moved").
 */
export { TRACEGATE_ACTION_ATTR, TRACEGATE_ACTION_REASON_ATTR } from '../domain/facts/types.js';

/** GenAI attribute names (OTel GenAI semantic conventions, Development status). */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestTemperature: 'gen_ai.request.temperature',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestStream: 'gen_ai.request.stream',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  /** Seconds (double). */
  responseTimeToFirstChunk: 'gen_ai.response.time_to_first_chunk',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  systemInstructions: 'gen_ai.system_instructions',
  conversationId: 'gen_ai.conversation.id',
  agentName: 'gen_ai.agent.name',
  agentId: 'gen_ai.agent.id',
  agentVersion: 'gen_ai.agent.version',
  toolName: 'gen_ai.tool.name',
  toolType: 'gen_ai.tool.type',
  toolCallId: 'gen_ai.tool.call.id',
  toolDescription: 'gen_ai.tool.description',
  toolCallArguments: 'gen_ai.tool.call.arguments',
  toolCallResult: 'gen_ai.tool.call.result',
  dataSourceId: 'gen_ai.data_source.id',
  retrievalQueryText: 'gen_ai.retrieval.query.text',
  retrievalTopK: 'gen_ai.retrieval.top_k',
  retrievalDocuments: 'gen_ai.retrieval.documents',
} as const;

/** General (stable) attribute names the kit uses. */
export const GENERAL = {
  errorType: 'error.type',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  userId: 'user.id',
  sessionId: 'session.id',
  serviceName: 'service.name',
  serviceVersion: 'service.version',
  deploymentEnvironmentName: 'deployment.environment.name',
} as const;

/** Values of `gen_ai.operation.name` the kit emits. */
export type GenAiOperation =
  | 'chat'
  | 'text_completion'
  | 'generate_content'
  | 'execute_tool'
  | 'invoke_agent'
  | 'retrieval';
