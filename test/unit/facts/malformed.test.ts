import { describe, expect, it } from 'vitest';
import { computeSpanFacts } from '../../../src/domain/facts/index.js';
import type { SpanFacts } from '../../../src/domain/facts/index.js';
import type { Attributes } from '../../../collectors/wireTypes.js';
import { makeSpan } from './makeSpan.js';

interface Case {
  name: string;
  attributes: Attributes;
  expected: Partial<SpanFacts>;
  warnings: string[];
}

const cases: Case[] = [
  {
    name: 'non-numeric token count warns and falls back to the next source',
    attributes: { 'gen_ai.usage.input_tokens': 'abc', 'gen_ai.usage.prompt_tokens': 7 },
    expected: { inputTokens: 7 },
    warnings: ['gen_ai.usage.input_tokens: expected a non-negative integer, got "abc"'],
  },
  {
    name: 'negative and fractional token counts',
    attributes: { 'gen_ai.usage.input_tokens': -3, 'gen_ai.usage.output_tokens': 2.5 },
    expected: { inputTokens: null, outputTokens: null },
    warnings: [
      'gen_ai.usage.input_tokens: expected a non-negative integer, got -3',
      'gen_ai.usage.output_tokens: expected a non-negative integer, got 2.5',
    ],
  },
  {
    name: 'int64 token count as a decimal string is accepted',
    attributes: { 'gen_ai.usage.input_tokens': '123456' },
    expected: { inputTokens: 123456 },
    warnings: [],
  },
  {
    name: 'invalid JSON in gen_ai.input.messages',
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': '[{"role":"user"' },
    expected: { operation: 'inference', inputText: null },
    warnings: ['gen_ai.input.messages: expected JSON, got "[{\\"role\\":\\"user\\""'],
  },
  {
    name: 'unknown operation name falls through to the span name',
    attributes: { 'gen_ai.operation.name': 'teleport' },
    expected: { operation: 'inference' },
    warnings: ['gen_ai.operation.name: unknown operation "teleport"'],
  },
  {
    name: 'invalid tracegate.action',
    attributes: { 'tracegate.action': 'shrug', 'tracegate.action.reason': 'n/a' },
    expected: { action: null, actionReason: null },
    warnings: ['tracegate.action: expected one of answer, abstain, clarify, refuse, escalate, got "shrug"'],
  },
  {
    name: 'model as an object',
    attributes: { 'gen_ai.request.model': { name: 'gpt-4o' } },
    expected: { requestModel: null },
    warnings: ['gen_ai.request.model: expected a string, got {"name":"gpt-4o"}'],
  },
  {
    name: 'finish reasons as a number',
    attributes: { 'gen_ai.response.finish_reasons': 5 },
    expected: { finishReasons: [] },
    warnings: ['gen_ai.response.finish_reasons: expected an array of strings, got 5'],
  },
  {
    name: 'finish reasons as a JSON array string',
    attributes: { 'gen_ai.response.finish_reasons': '["length"]' },
    expected: { finishReasons: ['length'], finishClasses: ['length'] },
    warnings: [],
  },
  {
    name: 'negative TTFT',
    attributes: { 'gen_ai.response.time_to_first_chunk': -1 },
    expected: { ttftMs: null },
    warnings: ['gen_ai.response.time_to_first_chunk: expected a non-negative number, got -1'],
  },
  {
    name: 'cost as garbage string',
    attributes: { 'gen_ai.usage.cost': 'free' },
    expected: { costUsd: null },
    warnings: ['gen_ai.usage.cost: expected a non-negative number, got "free"'],
  },
  {
    name: 'malformed Langfuse usage details',
    attributes: { 'langfuse.observation.usage_details': '{"input":"many"}' },
    expected: { inputTokens: null },
    warnings: ['langfuse.observation.usage_details.input: expected a non-negative number, got "many"'],
  },
];

describe('malformed attributes become warnings, never exceptions', () => {
  it.each(cases)('$name', ({ attributes, expected, warnings }) => {
    const facts = computeSpanFacts(makeSpan({ name: 'chat gpt-4o', attributes }));
    expect(facts).toMatchObject(expected);
    expect(facts.warnings).toEqual(warnings);
  });

  it('survives hostile shapes without throwing', () => {
    const hostile: Attributes[] = [
      { 'gen_ai.input.messages': [null, 1, 'x', [[]], { parts: 'nope' }] },
      { 'gen_ai.output.messages': { choices: 'x' } },
      { 'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': { a: 1 } },
      { 'gen_ai.prompt.0.content': '[{broken' },
      { 'input.value': '{"messages": 3}', 'output.value': '{not json' },
      { 'ai.prompt': '{"prompt":[{"role":"user","content":[{"type":"image"}]}]}' },
      { 'langfuse.observation.completion_start_time': 'yesterday' },
      { 'tracegate.action': 42 },
    ];
    for (const attributes of hostile) {
      expect(() => computeSpanFacts(makeSpan({ name: 'chat m', attributes }))).not.toThrow();
    }
  });
});

describe('one precedence order per fact, never summing alternatives', () => {
  it('AI SDK span carrying both ai.usage.* and gen_ai.usage.* counts once', () => {
    const facts = computeSpanFacts(makeSpan({
      name: 'ai.generateText.doGenerate',
      attributes: {
        'ai.usage.inputTokens': 60, 'gen_ai.usage.input_tokens': 60, 'llm.token_count.prompt': 60,
        'ai.usage.outputTokens': 15, 'gen_ai.usage.output_tokens': 15,
      },
    }));
    expect(facts.inputTokens).toBe(60);
    expect(facts.outputTokens).toBe(15);
  });

  it('OTel new names win over old names and OpenInference when they disagree', () => {
    const facts = computeSpanFacts(makeSpan({
      name: 'chat',
      attributes: { 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.prompt_tokens': 20, 'llm.token_count.prompt': 30 },
    }));
    expect(facts.inputTokens).toBe(10);
  });

  it('does not add cache tokens when input already includes them (semconv meaning)', () => {
    const facts = computeSpanFacts(makeSpan({
      name: 'chat',
      attributes: { 'gen_ai.usage.input_tokens': 1500, 'gen_ai.usage.cache_read.input_tokens': 1000 },
    }));
    expect(facts.inputTokens).toBe(1500);
  });
});
