import { describe, expect, it } from 'vitest';
import { computeSpanFacts, computeTraceFacts, nanosToMs, toTraceSpanInput } from '../../../src/domain/facts/index.js';
import type { SpanContentInput, TraceSpanInput } from '../../../src/domain/facts/index.js';
import type { WireSpan } from '../../../collectors/wireTypes.js';
import { makeSpan, T0_MS } from './makeSpan.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function toInputs(spans: WireSpan[]): TraceSpanInput[] {
  return spans.map((s) => toTraceSpanInput(s, computeSpanFacts(s)));
}

/** Vercel AI SDK v6 generateText with one tool round trip: root carries TOTAL usage, steps carry their own. */
const aiSdkAgent: WireSpan[] = [
  makeSpan({
    name: 'ai.generateText', spanId: 'a000000000000001', startMs: 0, endMs: 2000,
    resource: { 'service.name': 'weather-bot', 'service.version': '2.0.0', 'deployment.environment.name': 'prod' },
    attributes: {
      'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o-mini', 'ai.telemetry.metadata.sessionId': 's-1',
      'ai.prompt': JSON.stringify({ prompt: 'Weather in Paris?' }), 'ai.response.finishReason': 'stop',
      'ai.response.text': 'It is sunny in Paris.', 'ai.usage.inputTokens': 150, 'ai.usage.outputTokens': 40,
    },
  }),
  makeSpan({
    name: 'ai.generateText.doGenerate', spanId: 'a000000000000002', parentSpanId: 'a000000000000001', startMs: 10, endMs: 800,
    attributes: {
      'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o-mini', 'gen_ai.system': 'openai.chat',
      'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] }]),
      'ai.response.finishReason': 'tool-calls', 'gen_ai.response.finish_reasons': ['tool-calls'],
      'ai.usage.inputTokens': 60, 'ai.usage.outputTokens': 15, 'gen_ai.usage.input_tokens': 60, 'gen_ai.usage.output_tokens': 15,
    },
  }),
  makeSpan({
    name: 'ai.toolCall', spanId: 'a000000000000003', parentSpanId: 'a000000000000001', startMs: 810, endMs: 900,
    attributes: { 'ai.toolCall.name': 'weather', 'ai.toolCall.id': 'c1', 'ai.toolCall.args': '{"city":"Paris"}' },
  }),
  makeSpan({
    name: 'ai.generateText.doGenerate', spanId: 'a000000000000004', parentSpanId: 'a000000000000001', startMs: 910, endMs: 1990,
    attributes: {
      'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o-mini', 'gen_ai.system': 'openai.chat',
      'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'ai.response.finishReason': 'stop', 'gen_ai.response.finish_reasons': ['stop'], 'ai.response.text': 'It is sunny in Paris.',
      'ai.usage.inputTokens': 90, 'ai.usage.outputTokens': 25, 'gen_ai.usage.input_tokens': 90, 'gen_ai.usage.output_tokens': 25,
    },
  }),
];

/** OTel agent: invoke_agent root, chat, two tools (one failing), a final chat. */
const otelAgent: WireSpan[] = [
  makeSpan({
    name: 'invoke_agent support', spanId: 'b000000000000001', startMs: 0, endMs: 3000,
    resource: { 'service.name': 'support', 'service.version': '1.0.0', 'deployment.environment': 'staging' },
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support', 'tracegate.action': 'answer' },
  }),
  makeSpan({
    name: 'chat gpt-4o', spanId: 'b000000000000002', parentSpanId: 'b000000000000001', startMs: 5, endMs: 900,
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 10, 'gen_ai.response.finish_reasons': ['tool_calls'],
      'gen_ai.response.time_to_first_chunk': 0.25,
    },
  }),
  makeSpan({
    name: 'execute_tool lookup_order', spanId: 'b000000000000003', parentSpanId: 'b000000000000001', startMs: 910, endMs: 1000,
    statusCode: 2, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'error.type': 'timeout' },
  }),
  makeSpan({
    name: 'execute_tool search_faq', spanId: 'b000000000000004', parentSpanId: 'b000000000000001', startMs: 1010, endMs: 1100,
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search_faq' },
  }),
  makeSpan({
    name: 'chat claude-sonnet-4', spanId: 'b000000000000005', parentSpanId: 'b000000000000001', startMs: 1110, endMs: 2900,
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4',
      'gen_ai.usage.input_tokens': 300, 'gen_ai.usage.output_tokens': 50, 'gen_ai.response.finish_reasons': ['refusal'],
      'gen_ai.response.time_to_first_chunk': 0.9, 'tracegate.action': 'refuse', 'tracegate.action.reason': 'policy',
    },
  }),
];

/** OpenInference LangChain: CHAIN root repeats the LLM usage; only the LLM leaf counts. */
const oiChain: WireSpan[] = [
  makeSpan({
    name: 'RunnableSequence', spanId: 'c000000000000001', startMs: 0, endMs: 500,
    attributes: { 'openinference.span.kind': 'CHAIN', 'llm.token_count.prompt': 20, 'llm.token_count.completion': 5, 'input.value': 'hi' },
  }),
  makeSpan({
    name: 'ChatOpenAI', spanId: 'c000000000000002', parentSpanId: 'c000000000000001', startMs: 10, endMs: 490,
    attributes: {
      'openinference.span.kind': 'LLM', 'llm.provider': 'openai', 'llm.model_name': 'gpt-4o-mini',
      'llm.token_count.prompt': 20, 'llm.token_count.completion': 5, 'llm.finish_reason': 'stop',
      'llm.input_messages.0.message.role': 'user', 'llm.input_messages.0.message.content': 'hi',
      'llm.output_messages.0.message.role': 'assistant', 'llm.output_messages.0.message.content': 'hello!',
    },
  }),
];

describe('computeTraceFacts', () => {
  it('AI SDK: sums per-step usage over leaf inference spans, never adds the root total', () => {
    const facts = computeTraceFacts(TRACE, toInputs(aiSdkAgent), []);
    expect(facts).toMatchObject({
      rootSpanId: 'a000000000000001', incomplete: false, spanCount: 4, durationMs: 2000.25, // makeSpan ends spans 0.25 ms after endMs
      serviceName: 'weather-bot', release: '2.0.0', environment: 'prod',
      inputTokens: 150, outputTokens: 40, inferenceCalls: 2, toolCalls: 1, toolErrors: 0, toolNames: ['weather'],
      finishReasons: ['tool-calls', 'stop'], finishClasses: ['tool_call', 'stop'], lastFinishClass: 'stop',
      models: ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18'], providers: ['openai'], sessionId: 's-1',
      inputText: 'Weather in Paris?', outputText: 'It is sunny in Paris.', contentCaptured: true,
      error: false, action: null, actionSource: null, warningCount: 0,
    });
    expect(facts.costUsd).toBeCloseTo((150 * 0.15 + 40 * 0.6) / 1e6, 15);
  });

  it('falls back to the root aggregate when no leaf reports usage', () => {
    const [root, step] = aiSdkAgent;
    const quietStep = { ...step!, attributes: { 'ai.model.id': 'gpt-4o-mini' } };
    const facts = computeTraceFacts(TRACE, toInputs([root!, quietStep]), []);
    expect(facts.inputTokens).toBe(150);
    expect(facts.outputTokens).toBe(40);
    expect(facts.inferenceCalls).toBe(1);
  });

  it('OTel agent: tool calls and errors, action from the root, TTFT of the first inference span', () => {
    const facts = computeTraceFacts(TRACE, toInputs(otelAgent), []);
    expect(facts).toMatchObject({
      environment: 'staging', inputTokens: 400, outputTokens: 60, inferenceCalls: 2,
      toolCalls: 2, toolErrors: 1, toolNames: ['lookup_order', 'search_faq'], error: true, errorTypes: ['timeout'],
      finishClasses: ['tool_call', 'content_filter'], lastFinishClass: 'content_filter', ttftMs: 250,
      models: ['gpt-4o', 'claude-sonnet-4'], providers: ['openai', 'anthropic'],
      action: 'answer', actionSource: 'attribute', actionReason: null, contentCaptured: false, inputText: null,
    });
    expect(facts.costUsd).toBeCloseTo((100 * 2.5 + 10 * 10 + 300 * 3 + 50 * 15) / 1e6, 15);
  });

  it('takes the action from the last span carrying it when the root has none', () => {
    const [root, ...rest] = otelAgent;
    const quietRoot = { ...root!, attributes: { 'gen_ai.operation.name': 'invoke_agent' } };
    const facts = computeTraceFacts(TRACE, toInputs([quietRoot, ...rest]), []);
    expect(facts).toMatchObject({ action: 'refuse', actionSource: 'attribute', actionReason: 'policy' });
  });

  it('OpenInference chain repeating LLM usage counts only the leaf', () => {
    const facts = computeTraceFacts(TRACE, toInputs(oiChain), []);
    expect(facts).toMatchObject({ inputTokens: 20, outputTokens: 5, inferenceCalls: 1, inputText: 'hi', outputText: 'hello!' });
  });

  it('marks a missing parent as incomplete and uses max end - min start without a root', () => {
    const orphans = toInputs(otelAgent.slice(1));
    const facts = computeTraceFacts(TRACE, orphans, []);
    expect(facts.incomplete).toBe(true);
    expect(facts.rootSpanId).toBeNull();
    expect(facts.durationMs).toBeCloseTo(2900.25 - 5, 6);
    expect(facts.serviceName).toBe('support-bot');
    const withRoot = computeTraceFacts(TRACE, toInputs(otelAgent), []);
    expect(withRoot.incomplete).toBe(false);
    const partial = computeTraceFacts(TRACE, toInputs([otelAgent[0]!, { ...otelAgent[1]!, parentSpanId: 'ffffffffffffffff' }]), []);
    expect(partial.incomplete).toBe(true);
  });

  it('joins log content onto the span when the span carries none (instrumentation-openai)', () => {
    const chat = makeSpan({
      name: 'chat gpt-4o-mini', spanId: 'd000000000000001', startMs: 0, endMs: 400,
      attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' },
    });
    const content: SpanContentInput[] = [
      { spanId: 'd000000000000001', direction: 'input', text: 'first question', finishReason: null, timeMs: T0_MS + 1 },
      { spanId: 'd000000000000001', direction: 'input', text: 'follow-up question', finishReason: null, timeMs: T0_MS + 1 },
      { spanId: 'd000000000000001', direction: 'output', text: 'I cannot do that.', finishReason: 'content_filter', timeMs: T0_MS + 390 },
      { spanId: 'ffffffffffffffff', direction: 'output', text: 'other span', finishReason: null, timeMs: T0_MS + 500 },
    ];
    const facts = computeTraceFacts(TRACE, toInputs([chat]), content);
    expect(facts).toMatchObject({
      inputText: 'follow-up question', outputText: 'I cannot do that.', contentCaptured: true,
      finishReasons: ['content_filter'], lastFinishClass: 'content_filter',
    });
    const without = computeTraceFacts(TRACE, toInputs([chat]), []);
    expect(without).toMatchObject({ inputText: null, outputText: null, contentCaptured: false, lastFinishClass: null });
  });

  it('lists models of leaf inference spans, else of every span (embedding-only trace)', () => {
    const langchainOverOpenAi = [
      makeSpan({ name: 'agent', spanId: 'f000000000000001', attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.request.model': 'router-v2' } }),
      makeSpan({ name: 'chat gpt-4o', spanId: 'f000000000000002', parentSpanId: 'f000000000000001', startMs: 1,
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.response.model': 'gpt-4o-2024-08-06' } }),
    ];
    expect(computeTraceFacts(TRACE, toInputs(langchainOverOpenAi), [])).toMatchObject({ models: ['gpt-4o', 'gpt-4o-2024-08-06'], providers: ['openai'] });
    const embedOnly = [
      makeSpan({ name: 'ai.embed', spanId: 'f000000000000003', attributes: { 'ai.model.provider': 'openai.embedding', 'ai.model.id': 'text-embedding-3-small', 'ai.usage.tokens': 12 } }),
    ];
    expect(computeTraceFacts(TRACE, toInputs(embedOnly), [])).toMatchObject({
      models: ['text-embedding-3-small'], providers: ['openai'], inferenceCalls: 0, inputTokens: 12,
    });
  });

  it('sums warnings over spans', () => {
    const bad = makeSpan({ name: 'chat x', attributes: { 'gen_ai.usage.input_tokens': 'abc', 'tracegate.action': 'nope' } });
    expect(computeTraceFacts(TRACE, toInputs([bad]), []).warningCount).toBe(2);
  });

  const traces = [
    { name: 'AI SDK agent', spans: aiSdkAgent },
    { name: 'OTel agent', spans: otelAgent },
    { name: 'OpenInference chain', spans: oiChain },
    { name: 'orphans', spans: otelAgent.slice(2) },
  ];

  it.each(traces)('$name: order-independent and idempotent', ({ spans }) => {
    const inputs = toInputs(spans);
    const expected = computeTraceFacts(TRACE, inputs, []);
    const orders = [
      [...inputs].reverse(),
      [...inputs.slice(1), inputs[0]!],
      [...inputs].sort((a, b) => (a.spanId < b.spanId ? 1 : -1)),
    ];
    for (const order of orders) expect(computeTraceFacts(TRACE, order, [])).toEqual(expected);
    expect(computeTraceFacts(TRACE, inputs, [])).toEqual(expected);
    // a retried batch delivers the same spans twice
    expect(computeTraceFacts(TRACE, [...inputs, ...[...inputs].reverse()], [])).toEqual(expected);
    expect(inputs).toEqual(toInputs(spans));
  });

  it('an empty trace is incomplete with zero duration', () => {
    expect(computeTraceFacts(TRACE, [], [])).toMatchObject({ incomplete: true, spanCount: 0, durationMs: 0, inputTokens: null });
  });
});

describe('toTraceSpanInput', () => {
  it('converts nanosecond strings exactly and reads the resource cohort', () => {
    const span = makeSpan({
      name: 'x', spanId: 'e000000000000001', parentSpanId: 'e000000000000000', startMs: 5, endMs: 15, statusCode: 2,
      resource: { 'service.name': 'api', 'service.version': '3.1.4', 'deployment.environment.name': 'prod', 'deployment.environment': 'old' },
    });
    const input = toTraceSpanInput(span, computeSpanFacts(span));
    expect(input).toMatchObject({
      spanId: 'e000000000000001', parentSpanId: 'e000000000000000', statusCode: 2,
      serviceName: 'api', release: '3.1.4', environment: 'prod', startMs: T0_MS + 5,
    });
    expect(input.endMs - input.startMs).toBeCloseTo(10.25, 6);
  });

  it.each([
    { nanos: '0', ms: 0 },
    { nanos: '999999', ms: 0.999999 },
    { nanos: '1000000', ms: 1 },
    { nanos: '1760000000123456789', ms: 1760000000123.456789 },
    { nanos: '9223372036854775807', ms: 9223372036854.775807 },
  ])('nanosToMs($nanos)', ({ nanos, ms }) => {
    expect(nanosToMs(nanos)).toBeCloseTo(ms, 3);
    expect(nanosToMs(nanos)).toBe(Number(BigInt(nanos) / 1_000_000n) + Number(BigInt(nanos) % 1_000_000n) / 1e6);
  });

  it('falls back to the deprecated deployment.environment', () => {
    const span = makeSpan({ name: 'x', resource: { 'deployment.environment': 'staging' } });
    expect(toTraceSpanInput(span, computeSpanFacts(span))).toMatchObject({ environment: 'staging', serviceName: null, release: null });
  });
});
