import { describe, expect, it } from 'vitest';
import {
  classifyFinishReason,
  computeSpanFacts,
  computeTableCostUsd,
  lookupModelPrice,
  normalizeProvider,
} from '../../../src/domain/facts/index.js';
import type { FinishClass } from '../../../src/domain/facts/index.js';
import { makeSpan } from './makeSpan.js';

const finishCases: { name: string; raw: string; expected: FinishClass }[] = [
  // OTel enum (identity)
  ...(['stop', 'length', 'content_filter', 'tool_call', 'error'] as const).map((raw) => ({ name: `otel ${raw}`, raw, expected: raw })),
  // OpenAI
  { name: 'openai tool_calls', raw: 'tool_calls', expected: 'tool_call' },
  { name: 'openai function_call', raw: 'function_call', expected: 'tool_call' },
  // Anthropic
  { name: 'anthropic end_turn', raw: 'end_turn', expected: 'stop' },
  { name: 'anthropic stop_sequence', raw: 'stop_sequence', expected: 'stop' },
  { name: 'anthropic pause_turn', raw: 'pause_turn', expected: 'stop' },
  { name: 'anthropic max_tokens', raw: 'max_tokens', expected: 'length' },
  { name: 'anthropic model_context_window_exceeded', raw: 'model_context_window_exceeded', expected: 'length' },
  { name: 'anthropic tool_use', raw: 'tool_use', expected: 'tool_call' },
  { name: 'anthropic refusal is a hard refusal', raw: 'refusal', expected: 'content_filter' },
  // Gemini / Vertex (upper case)
  { name: 'gemini STOP', raw: 'STOP', expected: 'stop' },
  { name: 'gemini MAX_TOKENS', raw: 'MAX_TOKENS', expected: 'length' },
  ...['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY'].map((raw) => ({
    name: `gemini ${raw}`, raw, expected: 'content_filter' as const,
  })),
  { name: 'gemini MALFORMED_FUNCTION_CALL', raw: 'MALFORMED_FUNCTION_CALL', expected: 'error' },
  { name: 'gemini LANGUAGE', raw: 'LANGUAGE', expected: 'other' },
  { name: 'gemini OTHER', raw: 'OTHER', expected: 'other' },
  { name: 'gemini FINISH_REASON_UNSPECIFIED', raw: 'FINISH_REASON_UNSPECIFIED', expected: 'other' },
  // Bedrock Converse
  { name: 'bedrock guardrail_intervened', raw: 'guardrail_intervened', expected: 'content_filter' },
  { name: 'bedrock content_filtered', raw: 'content_filtered', expected: 'content_filter' },
  { name: 'bedrock malformed_model_output', raw: 'malformed_model_output', expected: 'error' },
  { name: 'bedrock malformed_tool_use', raw: 'malformed_tool_use', expected: 'error' },
  // Vercel AI SDK
  { name: 'ai sdk tool-calls', raw: 'tool-calls', expected: 'tool_call' },
  { name: 'ai sdk content-filter', raw: 'content-filter', expected: 'content_filter' },
  { name: 'ai sdk other', raw: 'other', expected: 'other' },
  { name: 'ai sdk unknown', raw: 'unknown', expected: 'other' },
];

describe('finish-reason classes', () => {
  it.each(finishCases)('$name', ({ raw, expected }) => {
    expect(classifyFinishReason(raw)).toBe(expected);
    const facts = computeSpanFacts(makeSpan({ name: 'chat m', attributes: { 'gen_ai.response.finish_reasons': [raw] } }));
    expect(facts.finishReasons).toEqual([raw]);
    expect(facts.finishClasses).toEqual([expected]);
    expect(facts.warnings).toEqual([]);
  });

  it('classes an unknown reason as other with a warning, keeping the raw value', () => {
    const facts = computeSpanFacts(makeSpan({ name: 'chat m', attributes: { 'gen_ai.response.finish_reasons': ['stop', 'banana'] } }));
    expect(facts.finishReasons).toEqual(['stop', 'banana']);
    expect(facts.finishClasses).toEqual(['stop', 'other']);
    expect(facts.warnings).toEqual(['finish reason: unknown value "banana", classed as other']);
  });
});

const providerCases: { name: string; raw: string; expected: string }[] = [
  { name: 'canonical openai', raw: 'openai', expected: 'openai' },
  { name: 'canonical dotted aws.bedrock survives', raw: 'aws.bedrock', expected: 'aws.bedrock' },
  { name: 'canonical ibm.watsonx.ai survives', raw: 'ibm.watsonx.ai', expected: 'ibm.watsonx.ai' },
  { name: 'old az.ai.openai', raw: 'az.ai.openai', expected: 'azure.ai.openai' },
  { name: 'old az.ai.inference', raw: 'az.ai.inference', expected: 'azure.ai.inference' },
  { name: 'azure-openai', raw: 'azure-openai', expected: 'azure.ai.openai' },
  { name: 'azure.openai', raw: 'azure.openai', expected: 'azure.ai.openai' },
  { name: 'OI host azure', raw: 'azure', expected: 'azure.ai.inference' },
  { name: 'old vertex_ai', raw: 'vertex_ai', expected: 'gcp.vertex_ai' },
  { name: 'OI vertexai', raw: 'vertexai', expected: 'gcp.vertex_ai' },
  { name: 'google-vertex', raw: 'google-vertex', expected: 'gcp.vertex_ai' },
  { name: 'old gemini', raw: 'gemini', expected: 'gcp.gemini' },
  { name: 'google-generative-ai', raw: 'google-generative-ai', expected: 'gcp.gemini' },
  { name: 'ai sdk google.generative-ai', raw: 'google.generative-ai', expected: 'gcp.gemini' },
  { name: 'ai sdk google.vertex.chat', raw: 'google.vertex.chat', expected: 'gcp.vertex_ai' },
  { name: 'OI host google', raw: 'google', expected: 'gcp.gen_ai' },
  { name: 'bedrock', raw: 'bedrock', expected: 'aws.bedrock' },
  { name: 'ai sdk amazon-bedrock', raw: 'amazon-bedrock', expected: 'aws.bedrock' },
  { name: 'OI host aws', raw: 'aws', expected: 'aws.bedrock' },
  { name: 'mistral', raw: 'mistral', expected: 'mistral_ai' },
  { name: 'OI mistralai', raw: 'mistralai', expected: 'mistral_ai' },
  { name: 'xai', raw: 'xai', expected: 'x_ai' },
  { name: 'ai sdk xai.chat', raw: 'xai.chat', expected: 'x_ai' },
  { name: 'ai sdk openai.chat', raw: 'openai.chat', expected: 'openai' },
  { name: 'ai sdk openai.responses', raw: 'openai.responses', expected: 'openai' },
  { name: 'ai sdk anthropic.messages', raw: 'anthropic.messages', expected: 'anthropic' },
  { name: 'traceloop capitalized Anthropic', raw: 'Anthropic', expected: 'anthropic' },
  { name: 'unknown passes through lowercased', raw: 'Langchain', expected: 'langchain' },
];

describe('provider aliases', () => {
  it.each(providerCases)('$name', ({ raw, expected }) => {
    expect(normalizeProvider(raw)).toBe(expected);
  });

  it('prefers gen_ai.provider.name over gen_ai.system over OpenInference llm.provider', () => {
    const both = { 'gen_ai.provider.name': 'anthropic', 'gen_ai.system': 'openai', 'llm.provider': 'azure' };
    expect(computeSpanFacts(makeSpan({ name: 'x', attributes: both })).provider).toBe('anthropic');
    const oldAndOi = { 'gen_ai.system': 'vertex_ai', 'llm.provider': 'azure' };
    expect(computeSpanFacts(makeSpan({ name: 'x', attributes: oldAndOi })).provider).toBe('gcp.vertex_ai');
    const oiOnly = { 'llm.provider': 'aws', 'llm.system': 'anthropic' };
    expect(computeSpanFacts(makeSpan({ name: 'x', attributes: oiOnly })).provider).toBe('aws.bedrock');
  });
});

const priceCases: {
  name: string; provider: string | null; model: string | null; input: number | null; output: number | null; expected: number | null;
}[] = [
  { name: 'gpt-4o', provider: 'openai', model: 'gpt-4o', input: 1_000_000, output: 1_000_000, expected: 12.5 },
  { name: 'dated gpt-4o-mini picks the longer prefix', provider: 'openai', model: 'gpt-4o-mini-2024-07-18', input: 2_000_000, output: 0, expected: 0.3 },
  { name: 'gpt-4.1-nano', provider: 'openai', model: 'gpt-4.1-nano', input: 1_000_000, output: 1_000_000, expected: 0.5 },
  { name: 'azure openai uses openai prices', provider: 'azure.ai.openai', model: 'gpt-4o', input: 1000, output: 0, expected: 0.0025 },
  { name: 'claude sonnet 4', provider: 'anthropic', model: 'claude-sonnet-4-20250514', input: 1_000_000, output: 100_000, expected: 4.5 },
  { name: 'claude opus 4.5 beats opus 4 prefix', provider: 'anthropic', model: 'claude-opus-4-5-20251101', input: 1_000_000, output: 0, expected: 5 },
  { name: 'bedrock anthropic id', provider: 'aws.bedrock', model: 'us.anthropic.claude-3-haiku-20240307-v1:0', input: 1_000_000, output: 1_000_000, expected: 1.5 },
  { name: 'gemini models/ prefix', provider: 'gcp.gemini', model: 'models/gemini-2.5-flash', input: 1_000_000, output: 1_000_000, expected: 2.8 },
  { name: 'vertex gemini', provider: 'gcp.vertex_ai', model: 'gemini-1.5-pro-002', input: 1_000_000, output: 0, expected: 1.25 },
  { name: 'output only', provider: 'openai', model: 'gpt-4o', input: null, output: 1000, expected: 0.01 },
  { name: 'unknown model', provider: 'openai', model: 'my-finetune', input: 100, output: 100, expected: null },
  { name: 'unknown provider', provider: 'groq', model: 'llama-3.1-8b', input: 100, output: 100, expected: null },
  { name: 'no provider', provider: null, model: 'gpt-4o', input: 100, output: 100, expected: null },
  { name: 'no tokens', provider: 'openai', model: 'gpt-4o', input: null, output: null, expected: null },
];

describe('price table cost', () => {
  it.each(priceCases)('$name', ({ provider, model, input, output, expected }) => {
    const cost = computeTableCostUsd(provider, model, input, output);
    if (expected === null) expect(cost).toBeNull();
    else expect(cost).toBeCloseTo(expected, 12);
  });

  it('prefers an explicit cost attribute over the table, and prices the response model', () => {
    const attrs = {
      'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 1_000_000, 'gen_ai.usage.output_tokens': 0,
    };
    expect(computeSpanFacts(makeSpan({ name: 'chat', attributes: attrs })).costUsd).toBeCloseTo(0.15, 12);
    const explicit = { ...attrs, 'gen_ai.usage.cost': 0.5 };
    expect(computeSpanFacts(makeSpan({ name: 'chat', attributes: explicit })).costUsd).toBe(0.5);
    const oiParts = { ...attrs, 'llm.cost.prompt': 0.25, 'llm.cost.completion': 0.5 };
    expect(computeSpanFacts(makeSpan({ name: 'chat', attributes: oiParts })).costUsd).toBe(0.75);
  });

  it('exposes list prices per 1M tokens', () => {
    expect(lookupModelPrice('anthropic', 'claude-3-5-haiku-20241022')).toEqual({ inputPerMTokUsd: 0.8, outputPerMTokUsd: 4 });
  });
});
