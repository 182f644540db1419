import type { FinishClass } from './types.js';

/** Lowercased raw finish/stop reasons of every vocabulary in the reference (§1.3) -> class. */
const CLASSES: Record<string, FinishClass> = {
  // OTel enum, OpenAI, Anthropic, Bedrock, Gemini
  stop: 'stop', end_turn: 'stop', stop_sequence: 'stop', pause_turn: 'stop', eos: 'stop',
  length: 'length', max_tokens: 'length', model_context_window_exceeded: 'length',
  tool_call: 'tool_call', tool_calls: 'tool_call', function_call: 'tool_call', tool_use: 'tool_call',
  content_filter: 'content_filter', refusal: 'content_filter', safety: 'content_filter',
  recitation: 'content_filter', blocklist: 'content_filter', prohibited_content: 'content_filter',
  spii: 'content_filter', image_safety: 'content_filter', guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
  error: 'error', malformed_function_call: 'error', malformed_model_output: 'error', malformed_tool_use: 'error',
  other: 'other', unknown: 'other', language: 'other', finish_reason_unspecified: 'other',
  // Vercel AI SDK spellings
  'tool-calls': 'tool_call', 'content-filter': 'content_filter',
};

/** Finish class of one raw finish reason, or null when the vocabulary does not know it. */
export function classifyFinishReason(raw: string): FinishClass | null {
  return CLASSES[raw] ?? CLASSES[raw.trim().toLowerCase()] ?? null;
}
