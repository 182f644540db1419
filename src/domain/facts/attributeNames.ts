/**
 * Attribute and event names the normalizer reads, grouped by convention. Our own strings on purpose:
 * the gen_ai constants in @opentelemetry/semantic-conventions are deprecated ("Moved").
 */

/** OpenTelemetry GenAI conventions (new names, after v1.36). */
export const GEN_AI = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  promptTokens: 'gen_ai.usage.prompt_tokens',
  completionTokens: 'gen_ai.usage.completion_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens',
  cacheReadTokensLegacy: 'gen_ai.usage.cache_read_input_tokens',
  cacheCreationTokensLegacy: 'gen_ai.usage.cache_creation_input_tokens',
  cost: 'gen_ai.usage.cost',
  finishReasons: 'gen_ai.response.finish_reasons',
  finishReasonSingular: 'gen_ai.response.finish_reason',
  timeToFirstChunkS: 'gen_ai.response.time_to_first_chunk',
  conversationId: 'gen_ai.conversation.id',
  toolName: 'gen_ai.tool.name',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
  promptPrefix: 'gen_ai.prompt.',
  completionPrefix: 'gen_ai.completion.',
  prompt0Content: 'gen_ai.prompt.0.content',
  prompt0Role: 'gen_ai.prompt.0.role',
  completion0Content: 'gen_ai.completion.0.content',
  completion0Role: 'gen_ai.completion.0.role',
  completion0FinishReason: 'gen_ai.completion.0.finish_reason',
} as const;

/** General OTel attributes (errors, sessions, users, resource). */
export const GENERAL = {
  errorType: 'error.type',
  exceptionEvent: 'exception',
  exceptionType: 'exception.type',
  sessionId: 'session.id',
  userId: 'user.id',
  endUserId: 'enduser.id',
  serviceName: 'service.name',
  serviceVersion: 'service.version',
  deploymentEnvironmentName: 'deployment.environment.name',
  deploymentEnvironment: 'deployment.environment',
  eventName: 'event.name',
} as const;

/** OpenInference (Arize). */
export const OPENINFERENCE = {
  spanKind: 'openinference.span.kind',
  provider: 'llm.provider',
  system: 'llm.system',
  modelName: 'llm.model_name',
  requestModelName: 'llm.request.model_name',
  responseModelName: 'llm.response.model_name',
  embeddingModelName: 'embedding.model_name',
  promptTokens: 'llm.token_count.prompt',
  completionTokens: 'llm.token_count.completion',
  cacheReadTokens: 'llm.token_count.prompt_details.cache_read',
  cacheWriteTokens: 'llm.token_count.prompt_details.cache_write',
  costTotal: 'llm.cost.total',
  costPrompt: 'llm.cost.prompt',
  costCompletion: 'llm.cost.completion',
  finishReason: 'llm.finish_reason',
  toolName: 'tool.name',
  inputValue: 'input.value',
  outputValue: 'output.value',
  inputMessagesPrefix: 'llm.input_messages.',
  outputMessagesPrefix: 'llm.output_messages.',
  inputMessages0Role: 'llm.input_messages.0.message.role',
  outputMessages0Role: 'llm.output_messages.0.message.role',
  inputMessages0Content: 'llm.input_messages.0.message.content',
  outputMessages0Content: 'llm.output_messages.0.message.content',
} as const;

/** OpenLLMetry / Traceloop extras. */
export const TRACELOOP = {
  spanKind: 'traceloop.span.kind',
  requestType: 'llm.request.type',
  entityName: 'traceloop.entity.name',
  entityInput: 'traceloop.entity.input',
  entityOutput: 'traceloop.entity.output',
  sessionId: 'traceloop.association.properties.session_id',
  userId: 'traceloop.association.properties.user_id',
  responseFinishReason: 'llm.response.finish_reason',
  responseStopReason: 'llm.response.stop_reason',
} as const;

/** Vercel AI SDK `ai.*` telemetry. */
export const AI_SDK = {
  modelProvider: 'ai.model.provider',
  modelId: 'ai.model.id',
  responseModel: 'ai.response.model',
  inputTokens: 'ai.usage.inputTokens',
  outputTokens: 'ai.usage.outputTokens',
  promptTokens: 'ai.usage.promptTokens',
  completionTokens: 'ai.usage.completionTokens',
  embeddingTokens: 'ai.usage.tokens',
  cachedInputTokens: 'ai.usage.cachedInputTokens',
  cacheReadTokens: 'ai.usage.inputTokenDetails.cacheReadTokens',
  cacheWriteTokens: 'ai.usage.inputTokenDetails.cacheWriteTokens',
  finishReason: 'ai.response.finishReason',
  finishReasonLegacy: 'ai.finishReason',
  msToFirstChunk: 'ai.response.msToFirstChunk',
  streamMsToFirstChunk: 'ai.stream.msToFirstChunk',
  toolCallName: 'ai.toolCall.name',
  prompt: 'ai.prompt',
  promptMessages: 'ai.prompt.messages',
  responseText: 'ai.response.text',
  resultText: 'ai.result.text',
  sessionId: 'ai.telemetry.metadata.sessionId',
  userId: 'ai.telemetry.metadata.userId',
} as const;

/** Langfuse's own namespace. */
export const LANGFUSE = {
  observationType: 'langfuse.observation.type',
  level: 'langfuse.observation.level',
  modelName: 'langfuse.observation.model.name',
  usageDetails: 'langfuse.observation.usage_details',
  costDetails: 'langfuse.observation.cost_details',
  completionStartTime: 'langfuse.observation.completion_start_time',
  input: 'langfuse.observation.input',
  output: 'langfuse.observation.output',
  sessionId: 'langfuse.session.id',
  userId: 'langfuse.user.id',
} as const;

/** GenAI content log events (old per-message events and the new operation-details event). */
export const GEN_AI_EVENTS = {
  systemMessage: 'gen_ai.system.message',
  userMessage: 'gen_ai.user.message',
  assistantMessage: 'gen_ai.assistant.message',
  toolMessage: 'gen_ai.tool.message',
  choice: 'gen_ai.choice',
  operationDetails: 'gen_ai.client.inference.operation.details',
} as const;
