import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { tracing } from '@opentelemetry/sdk-node';
import {
  recordAction,
  setContentCapture,
  textMessage,
  withAgent,
  withLlmCall,
  withRetrieval,
  withTool,
  fromOpenAiChatCompletion,
} from '../../../src/instrument/index.js';
import { byName, registerMemoryTracing } from './memoryTracing.js';

let exporter: tracing.InMemorySpanExporter;
beforeAll(() => {
  exporter = registerMemoryTracing();
});
afterEach(() => {
  exporter.reset();
  setContentCapture(false);
});

const request = {
  provider: 'openai',
  model: 'gpt-4o-mini',
  inputMessages: [textMessage('user', 'Where is my order 1234?')],
  systemInstructions: 'You are a support bot.',
};
const response = {
  model: 'gpt-4o-mini-2024-07-18',
  id: 'chatcmpl-1',
  finishReasons: ['stop'],
  inputTokens: 120,
  outputTokens: 42,
  timeToFirstChunkMs: 250,
  outputMessages: [textMessage('assistant', 'It ships tomorrow.', 'stop')],
};

describe('withLlmCall', () => {
  const cases = [
    { name: 'content capture off (default): no messages', capture: undefined, global: false, expectContent: false },
    { name: 'content capture on globally: messages as JSON', capture: undefined, global: true, expectContent: true },
    { name: 'per-call override beats the global switch', capture: false, global: true, expectContent: false },
  ];
  it.each(cases)('$name', async ({ capture, global, expectContent }) => {
    setContentCapture(global);
    const out = await withLlmCall(request, (call) => {
      call.recordResponse(response);
      return 'done';
    }, capture === undefined ? {} : { captureContent: capture });
    expect(out).toBe('done');
    const span = byName(exporter).get('chat gpt-4o-mini');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 42,
      'gen_ai.response.time_to_first_chunk': 0.25,
    });
    expect(span?.attributes['gen_ai.system']).toBeUndefined();
    const input = span?.attributes['gen_ai.input.messages'];
    const output = span?.attributes['gen_ai.output.messages'];
    if (expectContent) {
      expect(JSON.parse(String(input))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'Where is my order 1234?' }] }]);
      expect(JSON.parse(String(output))[0]).toMatchObject({ role: 'assistant', finish_reason: 'stop' });
      expect(String(span?.attributes['gen_ai.system_instructions'])).toContain('support bot');
    } else {
      expect(input).toBeUndefined();
      expect(output).toBeUndefined();
      expect(span?.attributes['gen_ai.system_instructions']).toBeUndefined();
    }
  });

  it('marks a failed call with ERROR status and error.type, and rethrows', async () => {
    const failure = Object.assign(new Error('rate limited'), { code: 'rate_limit_exceeded' });
    await expect(withLlmCall(request, () => Promise.reject(failure))).rejects.toThrow('rate limited');
    const span = byName(exporter).get('chat gpt-4o-mini');
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'rate limited' });
    expect(span?.attributes['error.type']).toBe('rate_limit_exceeded');
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });
});

describe('withTool', () => {
  const cases = [
    { name: 'success, capture on: arguments and result', capture: true, fail: null, status: SpanStatusCode.UNSET, errorType: undefined },
    { name: 'success, capture off: no payloads', capture: false, fail: null, status: SpanStatusCode.UNSET, errorType: undefined },
    { name: 'thrown TypeError: ERROR + error.type TypeError', capture: false, fail: 'throw', status: SpanStatusCode.ERROR, errorType: 'TypeError' },
    { name: 'soft failure via fail(): ERROR + given error.type', capture: false, fail: 'soft', status: SpanStatusCode.ERROR, errorType: 'order_not_found' },
  ] as const;
  it.each(cases)('$name', async ({ capture, fail, status, errorType }) => {
    const run = withTool({ name: 'lookup_order', callId: 'call_1', arguments: { orderId: '1234' } }, (tool) => {
      if (fail === 'throw') throw new TypeError('bad order id');
      if (fail === 'soft') tool.fail('order_not_found', 'no such order');
      return { status: 'shipped' };
    }, { captureContent: capture });
    if (fail === 'throw') await expect(run).rejects.toThrow('bad order id');
    else await expect(run).resolves.toEqual({ status: 'shipped' });
    const span = byName(exporter).get('execute_tool lookup_order');
    expect(span?.kind).toBe(SpanKind.INTERNAL);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
    });
    expect(span?.status.code).toBe(status);
    expect(span?.attributes['error.type']).toBe(errorType);
    const hasPayload = capture && fail === null;
    expect(span?.attributes['gen_ai.tool.call.arguments']).toBe(capture ? '{"orderId":"1234"}' : undefined);
    expect(span?.attributes['gen_ai.tool.call.result']).toBe(hasPayload ? '{"status":"shipped"}' : undefined);
  });
});

describe('withRetrieval', () => {
  const docs = [
    { id: 'kb-returns', score: 0.91, content: 'Returns within 30 days.' },
    { id: 'kb-shipping', score: 0.42, content: 'Ships in 2 days.' },
  ];
  const cases = [
    { name: 'capture off: ids and scores only, no query', capture: false },
    { name: 'capture on: also document content and query', capture: true },
  ];
  it.each(cases)('$name', async ({ capture }) => {
    const out = await withRetrieval({ dataSourceId: 'help-center', query: 'refund', topK: 2 }, () => docs, { captureContent: capture });
    expect(out).toBe(docs);
    const span = byName(exporter).get('retrieval help-center');
    expect(span?.attributes).toMatchObject({ 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'help-center', 'gen_ai.retrieval.top_k': 2 });
    const recorded = JSON.parse(String(span?.attributes['gen_ai.retrieval.documents']));
    expect(recorded).toEqual(capture ? docs : docs.map(({ id, score }) => ({ id, score })));
    expect(span?.attributes['gen_ai.retrieval.query.text']).toBe(capture ? 'refund' : undefined);
  });
});

describe('withAgent + recordAction', () => {
  it('nests children under the agent span and writes the action on the root', async () => {
    const result = await withAgent({ name: 'support-agent', conversationId: 'conv-1', userId: 'u-7' }, async () => {
      await withLlmCall(request, async () => {
        await new Promise((r) => setTimeout(r, 5));
        return recordAction('escalate', 'customer asked for a human');
      });
      return 'ok';
    });
    expect(result).toBe('ok');
    const spans = byName(exporter);
    const agent = spans.get('invoke_agent support-agent');
    const llm = spans.get('chat gpt-4o-mini');
    expect(llm?.parentSpanContext?.spanId).toBe(agent?.spanContext().spanId);
    expect(agent?.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support-agent',
      'gen_ai.conversation.id': 'conv-1',
      'user.id': 'u-7',
      'tracegate.action': 'escalate',
      'tracegate.action.reason': 'customer asked for a human',
    });
    expect(llm?.attributes['tracegate.action']).toBeUndefined();
  });

  const outcomes = [
    { name: 'no active span: not recorded', action: 'refuse', inside: false, expected: { recorded: false, reason: 'no_active_span' } },
    { name: 'unknown action: not recorded', action: 'shrug', inside: true, expected: { recorded: false, reason: 'invalid_action' } },
  ];
  it.each(outcomes)('$name', async ({ action, inside, expected }) => {
    const call = () => recordAction(action as 'refuse');
    const result = inside ? await withAgent({ name: 'a' }, call) : call();
    expect(result).toEqual(expected);
  });
});

describe('fromOpenAiChatCompletion', () => {
  it('keeps raw finish reasons, maps output parts and usage', () => {
    const r = fromOpenAiChatCompletion({
      id: 'c1',
      model: 'm',
      choices: [{ finish_reason: 'tool_calls', message: { role: 'assistant', content: null, tool_calls: [{ id: 't1', function: { name: 'lookup_order', arguments: '{"orderId":"9"}' } }] } }],
      usage: { prompt_tokens: 10, completion_tokens: 3 },
    });
    expect(r).toEqual({
      id: 'c1',
      model: 'm',
      finishReasons: ['tool_calls'],
      inputTokens: 10,
      outputTokens: 3,
      outputMessages: [{ role: 'assistant', parts: [{ type: 'tool_call', id: 't1', name: 'lookup_order', arguments: { orderId: '9' } }], finish_reason: 'tool_call' }],
    });
  });
});
