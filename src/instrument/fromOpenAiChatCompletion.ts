/** Maps an OpenAI-compatible chat completion (structural type, no `openai` import) to an `LlmResponse`. */
import type { GenAiMessage, GenAiPart, LlmResponse } from './genAiAttributes.js';

/** The fields of an OpenAI chat completion the kit reads. */
export interface OpenAiChatCompletionLike {
  id?: string;
  model?: string;
  choices: Array<{
    finish_reason?: string | null;
    message?: {
      role?: string;
      content?: string | null;
      refusal?: string | null;
      tool_calls?: Array<{ id: string; type?: string; function?: { name: string; arguments: string } }>;
    };
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

const FINISH_TO_OTEL: Record<string, string> = { tool_calls: 'tool_call', function_call: 'tool_call' };

/** Raw finish reasons stay as reported; output messages use the OTel finish_reason enum. */
export function fromOpenAiChatCompletion(completion: OpenAiChatCompletionLike): LlmResponse {
  const finishReasons = completion.choices.map((c) => c.finish_reason ?? 'stop');
  const outputMessages: GenAiMessage[] = completion.choices.map((c) => {
    const parts: GenAiPart[] = [];
    const text = c.message?.content ?? c.message?.refusal ?? null;
    if (text) parts.push({ type: 'text', content: text });
    for (const call of c.message?.tool_calls ?? []) {
      if (call.function) parts.push({ type: 'tool_call', id: call.id, name: call.function.name, arguments: parseJson(call.function.arguments) });
    }
    const raw = c.finish_reason ?? 'stop';
    return { role: 'assistant', parts, finish_reason: FINISH_TO_OTEL[raw] ?? raw };
  });
  const response: LlmResponse = { finishReasons, outputMessages };
  if (completion.id !== undefined) response.id = completion.id;
  if (completion.model !== undefined) response.model = completion.model;
  if (completion.usage?.prompt_tokens !== undefined) response.inputTokens = completion.usage.prompt_tokens;
  if (completion.usage?.completion_tokens !== undefined) response.outputTokens = completion.usage.completion_tokens;
  return response;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
