import { describe, expect, it } from 'vitest';
import { computeSpanFacts } from '../../../src/domain/facts/index.js';
import type { SpanFacts } from '../../../src/domain/facts/index.js';
import type { WireSpan } from '../../../collectors/wireTypes.js';
import { makeSpan } from './makeSpan.js';

interface Case {
  name: string;
  span: WireSpan;
  expected: Partial<SpanFacts>;
}

const otelInputMessages = [
  { role: 'system', parts: [{ type: 'text', content: 'You are a support agent.' }] },
  { role: 'user', parts: [{ type: 'text', content: 'Where is my order?' }] },
  { role: 'assistant', parts: [{ type: 'text', content: 'Which order number?' }] },
  { role: 'user', parts: [{ type: 'text', content: 'Order 42, please.' }] },
];
const otelOutputMessages = [
  { role: 'assistant', parts: [{ type: 'text', content: 'Order 42 ships tomorrow.' }], finish_reason: 'stop' },
];

const cases: Case[] = [
  {
    name: 'OTel GenAI new names, structured messages (semconv latest)',
    span: makeSpan({
      name: 'chat gpt-4o-mini',
      kind: 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.response.id': 'chatcmpl-123',
        'gen_ai.usage.input_tokens': 52,
        'gen_ai.usage.output_tokens': 11,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.conversation.id': 'conv-7',
        'gen_ai.input.messages': otelInputMessages,
        'gen_ai.output.messages': otelOutputMessages,
        'server.address': 'api.openai.com',
        'user.id': 'u-1',
      },
    }),
    expected: {
      operation: 'inference', provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18',
      inputTokens: 52, outputTokens: 11, finishReasons: ['stop'], finishClasses: ['stop'], sessionId: 'conv-7',
      userId: 'u-1', inputText: 'Order 42, please.', outputText: 'Order 42 ships tomorrow.', isError: false,
    },
  },
  {
    name: 'OTel GenAI new names, messages as JSON strings, streaming TTFT in seconds',
    span: makeSpan({
      name: 'chat claude-sonnet-4-5',
      kind: 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': 'claude-sonnet-4-5',
        'gen_ai.usage.input_tokens': 1200,
        'gen_ai.usage.output_tokens': 300,
        'gen_ai.usage.cache_read.input_tokens': 1000,
        'gen_ai.response.finish_reasons': ['end_turn'],
        'gen_ai.response.time_to_first_chunk': 0.42,
        'gen_ai.request.stream': true,
        'gen_ai.input.messages': JSON.stringify(otelInputMessages),
        'gen_ai.output.messages': JSON.stringify(otelOutputMessages),
      },
    }),
    expected: {
      provider: 'anthropic', inputTokens: 1200, outputTokens: 300, finishClasses: ['stop'], ttftMs: 420,
      inputText: 'Order 42, please.', outputText: 'Order 42 ships tomorrow.',
    },
  },
  {
    name: '@opentelemetry/instrumentation-openai 0.21 chat span (old gen_ai.system, content on logs)',
    span: makeSpan({
      name: 'chat gpt-4o-mini',
      kind: 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.system': 'openai',
        'server.address': '127.0.0.1',
        'server.port': 41234,
        'gen_ai.response.finish_reasons': ['tool_calls'],
        'gen_ai.response.id': 'chatcmpl-9',
        'gen_ai.response.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 80,
        'gen_ai.usage.output_tokens': 17,
      },
    }),
    expected: {
      operation: 'inference', provider: 'openai', inputTokens: 80, outputTokens: 17, finishClasses: ['tool_call'],
      inputText: null, outputText: null,
    },
  },
  {
    name: 'OTel GenAI old names: prompt/completion tokens, az.ai.openai, no operation name',
    span: makeSpan({
      name: 'chat gpt-4',
      attributes: {
        'gen_ai.system': 'az.ai.openai',
        'gen_ai.request.model': 'gpt-4',
        'gen_ai.usage.prompt_tokens': 10,
        'gen_ai.usage.completion_tokens': 4,
        'gen_ai.response.finish_reasons': ['length'],
      },
    }),
    expected: { operation: 'inference', provider: 'azure.ai.openai', inputTokens: 10, outputTokens: 4, finishClasses: ['length'] },
  },
  {
    name: 'OTel execute_tool span with error status and exception event',
    span: makeSpan({
      name: 'execute_tool lookup_order',
      statusCode: 2,
      attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': 'call_1' },
      events: [{ timeUnixNano: '1', name: 'exception', attributes: { 'exception.type': 'TimeoutError', 'exception.message': 'x' } }],
    }),
    expected: { operation: 'tool', toolName: 'lookup_order', isError: true, errorType: 'TimeoutError' },
  },
  {
    name: 'OpenInference OpenAI instrumentation LLM span',
    span: makeSpan({
      name: 'OpenAI Chat Completions',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'input.value': JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ignored: messages win' }] }),
        'input.mime_type': 'application/json',
        'llm.invocation_parameters': '{"model":"gpt-4o-mini"}',
        'llm.system': 'openai',
        'llm.provider': 'openai',
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'Be terse.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.content': 'Reset my password',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.content': 'Use the reset link.',
        'llm.finish_reason': 'stop',
        'llm.token_count.prompt': 25,
        'llm.token_count.completion': 6,
        'llm.token_count.total': 31,
        'output.value': JSON.stringify({ choices: [{ message: { content: 'Use the reset link.' }, finish_reason: 'stop' }] }),
        'output.mime_type': 'application/json',
        'session.id': 'sess-oi',
      },
    }),
    expected: {
      operation: 'inference', provider: 'openai', requestModel: 'gpt-4o-mini-2024-07-18', inputTokens: 25, outputTokens: 6,
      finishReasons: ['stop'], inputText: 'Reset my password', outputText: 'Use the reset link.', sessionId: 'sess-oi',
    },
  },
  {
    name: 'OpenInference multimodal contents parts and explicit llm.cost.total',
    span: makeSpan({
      name: 'ChatOpenAI',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.model_name': 'gpt-4o',
        'llm.provider': 'azure',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.contents.0.message_content.type': 'text',
        'llm.input_messages.0.message.contents.0.message_content.text': 'Describe ',
        'llm.input_messages.0.message.contents.1.message_content.type': 'image',
        'llm.input_messages.0.message.contents.1.message_content.image.image.url': 'https://x/y.png',
        'llm.input_messages.0.message.contents.2.message_content.type': 'text',
        'llm.input_messages.0.message.contents.2.message_content.text': 'this image',
        'llm.cost.total': 0.0042,
        'llm.token_count.prompt': 800,
        'llm.token_count.completion': 50,
      },
    }),
    expected: { provider: 'azure.ai.inference', inputText: 'Describe this image', costUsd: 0.0042 },
  },
  {
    name: 'OpenInference CHAIN span with input.value text, TOOL span',
    span: makeSpan({
      name: 'RunnableSequence',
      attributes: { 'openinference.span.kind': 'CHAIN', 'input.value': 'plain question', 'output.value': 'plain answer' },
    }),
    expected: { operation: 'other', inputText: 'plain question', outputText: 'plain answer' },
  },
  {
    name: 'OpenInference TOOL span',
    span: makeSpan({
      name: 'get_weather',
      attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'input.value': '{"city":"Paris"}' },
    }),
    expected: { operation: 'tool', toolName: 'get_weather' },
  },
  {
    name: 'OpenLLMetry legacy OpenAI span (gen_ai.prompt.{i}, capitalized system)',
    span: makeSpan({
      name: 'openai.chat',
      kind: 3,
      attributes: {
        'llm.request.type': 'chat',
        'gen_ai.system': 'OpenAI',
        'gen_ai.request.model': 'gpt-3.5-turbo',
        'gen_ai.response.model': 'gpt-3.5-turbo-0125',
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'You tell jokes.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'Tell me a joke about OpenTelemetry',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.content': 'Why did the span cross the road?',
        'gen_ai.completion.0.finish_reason': 'stop',
        'gen_ai.usage.prompt_tokens': 24,
        'gen_ai.usage.completion_tokens': 9,
        'llm.usage.total_tokens': 33,
        'traceloop.association.properties.session_id': 'tl-sess',
        'traceloop.association.properties.user_id': 'tl-user',
      },
    }),
    expected: {
      operation: 'inference', provider: 'openai', responseModel: 'gpt-3.5-turbo-0125', inputTokens: 24, outputTokens: 9,
      finishReasons: ['stop'], inputText: 'Tell me a joke about OpenTelemetry', outputText: 'Why did the span cross the road?',
      sessionId: 'tl-sess', userId: 'tl-user',
    },
  },
  {
    name: 'OpenLLMetry legacy Anthropic span: raw input_tokens excludes cache (pitfall)',
    span: makeSpan({
      name: 'anthropic.chat',
      attributes: {
        'llm.request.type': 'chat',
        'gen_ai.system': 'Anthropic',
        'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
        'gen_ai.usage.prompt_tokens': 3,
        'gen_ai.usage.cache_read_input_tokens': 2000,
        'gen_ai.usage.cache_creation_input_tokens': 500,
        'gen_ai.usage.completion_tokens': 100,
        'gen_ai.completion.0.finish_reason': 'end_turn',
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': '[{"type":"text","text":"Summarize the doc"}]',
      },
    }),
    expected: {
      provider: 'anthropic', inputTokens: 2503, outputTokens: 100, finishClasses: ['stop'], inputText: 'Summarize the doc',
      // claude-3-5-sonnet: $3 / $15 per 1M
      costUsd: (2503 * 3 + 100 * 15) / 1e6,
    },
  },
  {
    name: 'OpenLLMetry current (0.27) OpenAI span with gen_ai.input/output.messages JSON strings',
    span: makeSpan({
      name: 'chat gpt-4o',
      attributes: {
        'gen_ai.provider.name': 'openai',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Can you hack my ex?' }] }]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'refusal', content: "I can't help with that." }], finish_reason: 'stop' },
        ]),
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 8,
        'gen_ai.usage.total_tokens': 20,
        'gen_ai.response.finish_reasons': ['stop'],
      },
    }),
    expected: { inputText: 'Can you hack my ex?', outputText: "I can't help with that.", costUsd: (12 * 2.5 + 8 * 10) / 1e6 },
  },
  {
    name: 'OpenLLMetry workflow and tool spans',
    span: makeSpan({
      name: 'get_weather.tool',
      attributes: {
        'traceloop.span.kind': 'tool',
        'traceloop.entity.name': 'get_weather',
        'traceloop.entity.input': '{"args":[],"kwargs":{"city":"Paris"}}',
        'traceloop.entity.output': '"sunny"',
        'traceloop.workflow.name': 'weather_workflow',
      },
    }),
    expected: { operation: 'tool', toolName: 'get_weather' },
  },
  {
    name: 'Vercel AI SDK v6 ai.generateText.doGenerate step (tool-calls vocabulary)',
    span: makeSpan({
      name: 'ai.generateText.doGenerate',
      attributes: {
        'operation.name': 'ai.generateText.doGenerate support',
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.telemetry.functionId': 'support',
        'ai.telemetry.metadata.sessionId': 'sdk-sess',
        'ai.telemetry.metadata.userId': 'sdk-user',
        'ai.model.provider': 'openai.chat',
        'ai.model.id': 'gpt-4o-mini',
        'ai.prompt.messages': JSON.stringify([
          { role: 'system', content: 'You help.' },
          { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        ]),
        'ai.prompt.tools': ['{"type":"function","name":"weather"}'],
        'ai.prompt.toolChoice': '{"type":"auto"}',
        'gen_ai.system': 'openai.chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'ai.response.finishReason': 'tool-calls',
        'ai.response.toolCalls': '[{"toolCallId":"c1","toolName":"weather","input":"{\\"city\\":\\"Paris\\"}"}]',
        'ai.response.id': 'resp-1',
        'ai.response.model': 'gpt-4o-mini-2024-07-18',
        'ai.usage.inputTokens': 60,
        'ai.usage.outputTokens': 15,
        'ai.usage.totalTokens': 75,
        'gen_ai.response.finish_reasons': ['tool-calls'],
        'gen_ai.response.id': 'resp-1',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 60,
        'gen_ai.usage.output_tokens': 15,
      },
    }),
    expected: {
      operation: 'inference', provider: 'openai', inputTokens: 60, outputTokens: 15, finishReasons: ['tool-calls'],
      finishClasses: ['tool_call'], inputText: 'Weather in Paris?', outputText: null, sessionId: 'sdk-sess', userId: 'sdk-user',
      costUsd: (60 * 0.15 + 15 * 0.6) / 1e6,
    },
  },
  {
    name: 'Vercel AI SDK v6 ai.streamText.doStream with ms TTFT and content-filter',
    span: makeSpan({
      name: 'ai.streamText.doStream',
      attributes: {
        'ai.model.provider': 'anthropic.messages',
        'ai.model.id': 'claude-3-5-haiku-latest',
        'ai.response.finishReason': 'content-filter',
        'ai.response.text': '',
        'ai.response.msToFirstChunk': 312.5,
        'ai.usage.inputTokens': 40,
        'ai.usage.outputTokens': 0,
      },
    }),
    expected: { operation: 'inference', provider: 'anthropic', finishClasses: ['content_filter'], ttftMs: 312.5, outputText: null },
  },
  {
    name: 'Vercel AI SDK v6 ai.generateText root (aggregate, classed agent)',
    span: makeSpan({
      name: 'ai.generateText',
      attributes: {
        'ai.model.provider': 'openai.chat',
        'ai.model.id': 'gpt-4o-mini',
        'ai.prompt': JSON.stringify({ system: 'You help.', prompt: 'Weather in Paris?' }),
        'ai.response.finishReason': 'stop',
        'ai.response.text': 'It is sunny in Paris.',
        'ai.usage.inputTokens': 150,
        'ai.usage.outputTokens': 40,
      },
    }),
    expected: {
      operation: 'agent', inputTokens: 150, outputTokens: 40, inputText: 'Weather in Paris?', outputText: 'It is sunny in Paris.',
    },
  },
  {
    name: 'Vercel AI SDK v6 ai.toolCall',
    span: makeSpan({
      name: 'ai.toolCall',
      attributes: { 'ai.toolCall.name': 'weather', 'ai.toolCall.id': 'c1', 'ai.toolCall.args': '{"city":"Paris"}', 'ai.toolCall.result': '"sunny"' },
    }),
    expected: { operation: 'tool', toolName: 'weather', isError: false },
  },
  {
    name: 'Langfuse generation observation (own namespace, level ERROR, cost details)',
    span: makeSpan({
      name: 'llm-call',
      startMs: 0,
      attributes: {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.model.name': 'gpt-4o',
        'langfuse.observation.usage_details': '{"input":100,"output":20,"total":120}',
        'langfuse.observation.cost_details': '{"input":0.00025,"output":0.0002,"total":0.00045}',
        'langfuse.observation.input': JSON.stringify([{ role: 'user', content: 'Cancel my plan' }]),
        'langfuse.observation.output': JSON.stringify({ role: 'assistant', content: 'Plan cancelled.' }),
        'langfuse.observation.level': 'ERROR',
        'langfuse.observation.completion_start_time': JSON.stringify(new Date(1_760_000_000_250).toISOString()),
        'langfuse.session.id': 'lf-sess',
        'langfuse.user.id': 'lf-user',
      },
    }),
    expected: {
      operation: 'inference', requestModel: 'gpt-4o', inputTokens: 100, outputTokens: 20, costUsd: 0.00045, isError: true,
      inputText: 'Cancel my plan', outputText: 'Plan cancelled.', sessionId: 'lf-sess', userId: 'lf-user', ttftMs: 250,
    },
  },
  {
    name: 'explicit tracegate.action with reason',
    span: makeSpan({ name: 'handle_request', attributes: { 'tracegate.action': 'escalate', 'tracegate.action.reason': 'angry customer' } }),
    expected: { operation: 'other', action: 'escalate', actionReason: 'angry customer' },
  },
  {
    name: 'plain HTTP span: nothing GenAI',
    span: makeSpan({ name: 'GET /healthz', kind: 2, attributes: { 'http.request.method': 'GET' } }),
    expected: {
      operation: 'other', provider: null, requestModel: null, inputTokens: null, costUsd: null, finishReasons: [],
      finishClasses: [], toolName: null, ttftMs: null, inputText: null, outputText: null, action: null,
    },
  },
];

describe('computeSpanFacts per convention', () => {
  it.each(cases)('$name', ({ span, expected }) => {
    const facts = computeSpanFacts(span);
    expect(facts).toMatchObject(expected);
    expect(facts.warnings).toEqual([]);
  });

  it('is idempotent and does not mutate the span', () => {
    for (const { span } of cases) {
      const before = structuredClone(span);
      expect(computeSpanFacts(span)).toEqual(computeSpanFacts(span));
      expect(span).toEqual(before);
    }
  });
});
