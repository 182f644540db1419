import { describe, expect, it } from 'vitest';
import { toContentInput, toContentInputs } from '../../../src/domain/facts/index.js';
import type { SpanContentInput } from '../../../src/domain/facts/index.js';
import type { WireLogRecord } from '../../../collectors/wireTypes.js';

const SPAN = '00f067aa0ba902b7';

function record(over: Partial<WireLogRecord>): WireLogRecord {
  return {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: SPAN,
    timeUnixNano: '1760000000123456789',
    eventName: null,
    body: null,
    attributes: {},
    resource: { 'service.name': 'svc' },
    ...over,
  };
}

const TIME_MS = 1760000000123.456789;

interface Case {
  name: string;
  record: WireLogRecord;
  expected: SpanContentInput[];
}

// Shapes as @opentelemetry/instrumentation-openai 0.21 emits them (event.name attribute for chat
// completions, eventName + gen_ai.*.messages attributes for the Responses API).
const cases: Case[] = [
  {
    name: 'gen_ai.user.message (event.name attribute) -> input',
    record: record({
      eventName: null,
      attributes: { 'event.name': 'gen_ai.user.message', 'gen_ai.system': 'openai' },
      body: { content: 'What is 2+2?' },
    }),
    expected: [{ spanId: SPAN, direction: 'input', text: 'What is 2+2?', finishReason: null, timeMs: TIME_MS }],
  },
  {
    name: 'gen_ai.user.message with parts array content',
    record: record({ eventName: 'gen_ai.user.message', body: { content: [{ type: 'text', text: 'Hi ' }, { type: 'text', text: 'there' }] } }),
    expected: [{ spanId: SPAN, direction: 'input', text: 'Hi there', finishReason: null, timeMs: TIME_MS }],
  },
  {
    name: 'gen_ai.choice -> output with finish reason',
    record: record({
      eventName: 'gen_ai.choice',
      attributes: { 'gen_ai.system': 'openai' },
      body: { finish_reason: 'content_filter', index: 0, message: { content: 'I cannot help with that.' } },
    }),
    expected: [{ spanId: SPAN, direction: 'output', text: 'I cannot help with that.', finishReason: 'content_filter', timeMs: TIME_MS }],
  },
  {
    name: 'gen_ai.choice with only tool calls (no text) -> nothing',
    record: record({
      eventName: 'gen_ai.choice',
      body: { finish_reason: 'tool_calls', index: 0, message: { tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f' } }] } },
    }),
    expected: [],
  },
  {
    name: 'operation details with structured input messages (Responses API)',
    record: record({
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: {
        'gen_ai.provider.name': 'openai',
        'gen_ai.input.messages': [
          { role: 'system', parts: [{ type: 'text', content: 'Be kind.' }] },
          { role: 'user', parts: [{ type: 'text', content: 'Refund please' }] },
        ],
      },
    }),
    expected: [{ spanId: SPAN, direction: 'input', text: 'Refund please', finishReason: null, timeMs: TIME_MS }],
  },
  {
    name: 'operation details with output messages as JSON string',
    record: record({
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: {
        'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Done.' }], finish_reason: 'stop' }]),
      },
    }),
    expected: [{ spanId: SPAN, direction: 'output', text: 'Done.', finishReason: 'stop', timeMs: TIME_MS }],
  },
  {
    name: 'operation details with both sides yields two records',
    record: record({
      eventName: 'gen_ai.client.inference.operation.details',
      attributes: {
        'gen_ai.input.messages': [{ role: 'user', parts: [{ type: 'text', content: 'Q' }] }],
        'gen_ai.output.messages': [{ role: 'assistant', parts: [{ type: 'text', content: 'A' }], finish_reason: 'length' }],
      },
    }),
    expected: [
      { spanId: SPAN, direction: 'input', text: 'Q', finishReason: null, timeMs: TIME_MS },
      { spanId: SPAN, direction: 'output', text: 'A', finishReason: 'length', timeMs: TIME_MS },
    ],
  },
  {
    name: 'content not captured (empty body) -> nothing',
    record: record({ eventName: 'gen_ai.user.message', body: {} }),
    expected: [],
  },
  { name: 'system message is not the user prompt', record: record({ eventName: 'gen_ai.system.message', body: { content: 'sys' } }), expected: [] },
  { name: 'tool message', record: record({ eventName: 'gen_ai.tool.message', body: { id: 'c1', content: '42' } }), expected: [] },
  { name: 'assistant history message', record: record({ eventName: 'gen_ai.assistant.message', body: { content: 'earlier' } }), expected: [] },
  { name: 'unrelated log', record: record({ eventName: null, body: 'GET / 200' }), expected: [] },
  { name: 'no span id', record: record({ spanId: null, eventName: 'gen_ai.user.message', body: { content: 'x' } }), expected: [] },
];

describe('toContentInputs / toContentInput', () => {
  it.each(cases)('$name', ({ record: rec, expected }) => {
    expect(toContentInputs(rec)).toEqual(expected);
    expect(toContentInput(rec)).toEqual(expected[expected.length - 1] ?? null);
  });
});
