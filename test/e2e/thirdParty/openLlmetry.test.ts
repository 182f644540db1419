/**
 * E2E: OpenLLMetry (@traceloop/node-server-sdk) with its own OTLP/HTTP protobuf exporter pointed at
 * the running collector (batching disabled), instrumenting the real openai client through
 * `instrumentModules`, calling the fake OpenAI server; facts are read back through the query API.
 *
 * Producer quirks (0.27): no span for a failed (HTTP 500) call, and `withTool`/`withWorkflow` never end
 * their span when the wrapped function rejects, so errors cannot be observed from this producer.
 */
import * as traceloop from '@traceloop/node-server-sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_REPLIES, fakeResponseModel, startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply } from '../../support/fakeOpenAiServer.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { RecordingSpanProcessor, waitForTrace, type TraceJson } from './traceApi.js';

/** The SDK types `openAI` with openai's CommonJS declarations; the ESM class is the same code. */
type TraceloopOpenAI = NonNullable<NonNullable<Parameters<typeof traceloop.initialize>[0]>['instrumentModules']>['openAI'];

const MODEL = 'gpt-4o-mini';
const APP = 'openllmetry-travel-bot';
const RELEASE = '3.1.0-canary.2';
const ENVIRONMENT = 'production';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

let collector: TestServer;
let fake: FakeOpenAiServer;
let client: OpenAI;
const recorder = new RecordingSpanProcessor();
const savedEnv = {
  OTEL_RESOURCE_ATTRIBUTES: process.env.OTEL_RESOURCE_ATTRIBUTES,
  TRACELOOP_ENRICH_TOKENS: process.env.TRACELOOP_ENRICH_TOKENS,
  OTEL_METRICS_EXPORTER: process.env.OTEL_METRICS_EXPORTER,
};

async function flushAndFetch(minSpans: number): Promise<TraceJson> {
  await recorder.waitForSpans(minSpans);
  await traceloop.forceFlush();
  const ids = recorder.traceIds();
  expect(ids).toHaveLength(1);
  return waitForTrace(collector.url, ids[0]!, { minSpans });
}

beforeAll(async () => {
  collector = await startTestServer();
  fake = await startFakeOpenAiServer();
  // The SDK takes only `appName` for the resource; release and environment come from the standard variable.
  process.env.OTEL_RESOURCE_ATTRIBUTES = `service.version=${RELEASE},deployment.environment.name=${ENVIRONMENT}`;
  // Token "enrichment" re-counts streamed text with js-tiktoken (seconds to load, and it ignores the
  // usage chunk the server sent); off, streamed spans carry no token counts at all.
  process.env.TRACELOOP_ENRICH_TOKENS = 'false';
  // The SDK's inner NodeSDK would otherwise export metrics to the default localhost:4318.
  process.env.OTEL_METRICS_EXPORTER = 'none';
  traceloop.initialize({
    appName: APP,
    apiKey: 'tl-test-key',
    baseUrl: collector.url,
    disableBatch: true,
    instrumentModules: { openAI: OpenAI as unknown as TraceloopOpenAI },
    processor: recorder,
    traceloopSyncEnabled: false,
    silenceInitializationMessage: true,
  });
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await traceloop.forceFlush().catch(() => undefined);
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await fake?.close();
  await collector?.close();
});

beforeEach(() => recorder.clear());

function expectResource(trace: TraceJson): void {
  expect(trace.serviceName).toBe(APP);
  expect(trace.release).toBe(RELEASE);
  expect(trace.environment).toBe(ENVIRONMENT);
}

interface SingleCallCase {
  name: string;
  reply: FakeReply;
  finishClass: string;
  inWorkflow: boolean;
}

const singleCalls: SingleCallCase[] = [
  { name: 'plain answer, bare call', reply: FAKE_REPLIES.plain, finishClass: 'stop', inWorkflow: false },
  { name: 'plain answer in a workflow', reply: FAKE_REPLIES.plain, finishClass: 'stop', inWorkflow: true },
  { name: 'soft refusal text', reply: FAKE_REPLIES.refusal, finishClass: 'stop', inWorkflow: true },
  { name: 'content_filter', reply: FAKE_REPLIES.contentFilter, finishClass: 'content_filter', inWorkflow: true },
  { name: 'length cut-off', reply: FAKE_REPLIES.length, finishClass: 'length', inWorkflow: true },
  { name: 'tool_calls reply', reply: FAKE_REPLIES.toolCall, finishClass: 'tool_call', inWorkflow: true },
];

describe('OpenLLMetry (traceloop node-server-sdk) -> collector', () => {
  it.each(singleCalls)('one chat completion: $name', async ({ reply, finishClass, inWorkflow }) => {
    const prompt = `Please answer this ${reply.marker}`;
    const call = () => client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: prompt }], ...(reply.toolCall ? { tools: [WEATHER_TOOL] } : {}) });
    if (inWorkflow) await traceloop.withWorkflow({ name: 'answer_question', associationProperties: { session_id: 'sess-tl-9', user_id: 'user-tl-3' } }, call);
    else await call();
    const trace = await flushAndFetch(inWorkflow ? 2 : 1);

    expectResource(trace);
    expect(trace.models).toContain(fakeResponseModel(MODEL));
    expect(trace.providers).toEqual(['openai']);
    expect(trace.inputTokens).toBe(reply.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(reply.usage.completion_tokens);
    expect(trace.finishClasses).toEqual([finishClass]);
    expect(trace.lastFinishClass).toBe(finishClass);
    expect(trace.error).toBe(false);
    expect(trace.toolCalls).toBe(0);
    expect(trace.inputText).toContain(prompt);
    if (reply.content) expect(trace.outputText).toContain(reply.content);
    expect(trace.contentCaptured).toBe(true);
    const ops = Object.fromEntries(trace.spans.map((s) => [s.name, s.operation]));
    expect(ops).toEqual(inWorkflow ? { 'answer_question.workflow': 'agent', [`chat ${MODEL}`]: 'inference' } : { [`chat ${MODEL}`]: 'inference' });
    expect(trace.sessionId).toBe(inWorkflow ? 'sess-tl-9' : null);
    expect(trace.userId).toBe(inWorkflow ? 'user-tl-3' : null);
    expect(trace.spans.flatMap((s) => s.warnings)).toEqual([]);
  });

  it('agent with a tool round trip', async () => {
    await traceloop.withAgent({ name: 'weather_agent', associationProperties: { session_id: 'sess-tl-10' } }, async () => {
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: `Weather in Paris? ${FAKE_REPLIES.toolCall.marker}` }];
      const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
      const call = first.choices[0]!.message.tool_calls![0]!;
      if (call.type !== 'function') throw new Error('expected a function tool call');
      const args = JSON.parse(call.function.arguments) as { city: string };
      const result = await traceloop.withTool({ name: 'get_weather' }, async () => ({ city: args.city, tempC: 21 }));
      messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
      await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
    });
    const trace = await flushAndFetch(4);

    expectResource(trace);
    // Start order is not asserted: this SDK truncates start times to whole milliseconds, so spans tie.
    const ops = trace.spans.map((s) => `${s.name}:${s.operation}`).sort();
    expect(ops).toEqual([`chat ${MODEL}:inference`, `chat ${MODEL}:inference`, 'get_weather.tool:tool', 'weather_agent.agent:agent']);
    const root = trace.spans.find((s) => s.parentSpanId === null)!;
    expect(root.name).toBe('weather_agent.agent');
    expect(trace.spans.filter((s) => s !== root).every((s) => s.parentSpanId === root.spanId)).toBe(true);
    expect(trace.inputTokens).toBe(FAKE_REPLIES.toolCall.usage.prompt_tokens + FAKE_REPLIES.toolFinal.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(FAKE_REPLIES.toolCall.usage.completion_tokens + FAKE_REPLIES.toolFinal.usage.completion_tokens);
    expect(trace.toolCalls).toBe(1);
    expect(trace.toolErrors).toBe(0);
    expect(trace.toolNames).toEqual(['get_weather']);
    expect(trace.finishClasses).toEqual(['tool_call', 'stop']);
    expect(trace.lastFinishClass).toBe('stop');
    expect(trace.sessionId).toBe('sess-tl-10');
    expect(trace.outputText).toContain(FAKE_REPLIES.toolFinal.content);
    expect(trace.error).toBe(false);
  });

  it('a conversation id (gen_ai.conversation.id) is the session', async () => {
    await traceloop.withConversation('conv-tl-42', () =>
      traceloop.withWorkflow({ name: 'chat_turn' }, () => client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `Hi ${FAKE_REPLIES.plain.marker}` }] })),
    );
    const trace = await flushAndFetch(2);

    expect(trace.spans.every((s) => s.attributes['gen_ai.conversation.id'] === 'conv-tl-42')).toBe(true);
    expect(trace.sessionId).toBe('conv-tl-42');
  });

  it('streaming chat: text and finish reason arrive, no invented token counts', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: `Stream it ${FAKE_REPLIES.plain.marker}` }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe(FAKE_REPLIES.plain.content);
    const trace = await flushAndFetch(1);

    const span = trace.spans[0]!;
    expect(span.operation).toBe('inference');
    expect(trace.finishClasses).toEqual(['stop']);
    expect(trace.outputText).toContain(FAKE_REPLIES.plain.content);
    // OpenLLMetry 0.27 ignores the stream's usage chunk: without enrichment the span has no gen_ai.usage.*.
    expect(span.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(trace.inputTokens).toBeNull();
    expect(trace.outputTokens).toBeNull();
  });

  it('delivers through the Bearer-authenticated protobuf exporter to the list API', async () => {
    const res = await fetch(`${collector.url}/api/traces?service=${APP}&release=${RELEASE}&limit=100`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { traces: { traceId: string; environment: string | null }[] };
    expect(page.traces.length).toBe(singleCalls.length + 3);
    expect(page.traces.every((t) => t.environment === ENVIRONMENT)).toBe(true);
  });
});
