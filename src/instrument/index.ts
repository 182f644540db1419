/** tracegate instrumentation kit (`tracegate/instrument`): OTel SDK setup + GenAI span helpers. */
export { startTracing, type TracingOptions, type TracingHandle } from './startTracing.js';
export { resolveTracingConfig, type TracingConfigOptions, type ResolvedTracingConfig } from './resolveTracingConfig.js';
export { withLlmCall, type LlmCallHandle, type HelperOptions } from './withLlmCall.js';
export { withTool, type ToolHandle } from './withTool.js';
export { withRetrieval } from './withRetrieval.js';
export { withAgent } from './withAgent.js';
export { recordAction, type RecordActionResult } from './recordAction.js';
export { sendFeedback, type FeedbackInput, type FeedbackResult } from './sendFeedback.js';
export { setContentCapture, isContentCaptureEnabled } from './contentCapture.js';
export { fromOpenAiChatCompletion, type OpenAiChatCompletionLike } from './fromOpenAiChatCompletion.js';
export {
  textMessage,
  type GenAiMessage,
  type GenAiPart,
  type LlmRequest,
  type LlmResponse,
  type ToolCall,
  type RetrievalRequest,
  type RetrievedDocument,
  type AgentInfo,
} from './genAiAttributes.js';
export { GEN_AI, GENERAL, TRACEGATE_ACTION_ATTR, TRACEGATE_ACTION_REASON_ATTR } from './attributeNames.js';
export type { Action } from '../domain/facts/types.js';
