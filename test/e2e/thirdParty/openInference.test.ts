/**
 * E2E: the real OpenInference OpenAI instrumentation (@arizeai/openinference-instrumentation-openai)
 * on the real openai client, calling the fake OpenAI server, exported by the real OTLP/HTTP JSON
 * exporter to the running collector; the facts are read back through the query API.
 */
import { context } from '@opentelemetry/api';
import { getToolAttributes, setSession, setUser, traceAgent, traceTool } from '@arizeai/openinference-core';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import * as openaiModule from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_REPLIES, fakeResponseModel, startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply } from '../../support/fakeOpenAiServer.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { RecordingSpanProcessor, waitForTrace, type TraceJson } from './traceApi.js';

const MODEL = 'gpt-4o-mini';
const RESOURCE = { 'service.name': 'oi-support-bot', 'service.version': '2.4.0', 'deployment.environment.name': 'staging' };
const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

let collector: TestServer;
let fake: FakeOpenAiServer;
let sdk: NodeSDK;
let batch: BatchSpanProcessor;
const recorder = new RecordingSpanProcessor();
let client: OpenAI;

/** Flushes the exporter, then reads back the one trace the scenario produced. */
async function flushAndFetch(minSpans: number): Promise<TraceJson> {
  await recorder.waitForSpans(minSpans);
  await batch.forceFlush();
  const ids = recorder.traceIds();
  expect(ids).toHaveLength(1);
  return waitForTrace(collector.url, ids[0]!, { minSpans });
}

function expectResource(trace: TraceJson): void {
  expect(trace.serviceName).toBe(RESOURCE['service.name']);
  expect(trace.release).toBe(RESOURCE['service.version']);
  expect(trace.environment).toBe(RESOURCE['deployment.environment.name']);
}

beforeAll(async () => {
  collector = await startTestServer();
  fake = await startFakeOpenAiServer();
  batch = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }));
  const instrumentation = new OpenAIInstrumentation();
  sdk = new NodeSDK({ resource: resourceFromAttributes(RESOURCE), autoDetectResources: false, spanProcessors: [batch, recorder], instrumentations: [instrumentation], metricReaders: [] });
  sdk.start();
  // ESM: the import hook does not see `import 'openai'`, so patch the module as the docs say.
  // (Cast: the instrumentation's types name openai's CommonJS declarations; the ESM module is the same code.)
  instrumentation.manuallyInstrument(openaiModule as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  await sdk?.shutdown();
  await fake?.close();
  await collector?.close();
});

beforeEach(() => recorder.clear());

interface SingleCallCase {
  name: string;
  reply: FakeReply;
  finishClass: string;
}

const singleCalls: SingleCallCase[] = [
  { name: 'plain answer', reply: FAKE_REPLIES.plain, finishClass: 'stop' },
  { name: 'soft refusal text', reply: FAKE_REPLIES.refusal, finishClass: 'stop' },
  { name: 'content_filter', reply: FAKE_REPLIES.contentFilter, finishClass: 'content_filter' },
  { name: 'length cut-off', reply: FAKE_REPLIES.length, finishClass: 'length' },
  { name: 'tool_calls reply', reply: FAKE_REPLIES.toolCall, finishClass: 'tool_call' },
];

describe('OpenInference (openai instrumentation) -> collector', () => {
  it.each(singleCalls)('one chat completion: $name', async ({ reply, finishClass }) => {
    const prompt = `Please answer this ${reply.marker}`;
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: prompt }], ...(reply.toolCall ? { tools: [WEATHER_TOOL] } : {}) });
    const trace = await flushAndFetch(1);

    expectResource(trace);
    expect(trace.models).toContain(fakeResponseModel(MODEL));
    expect(trace.providers).toEqual(['openai']);
    expect(trace.inputTokens).toBe(reply.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(reply.usage.completion_tokens);
    expect(trace.finishClasses).toEqual([finishClass]);
    expect(trace.lastFinishClass).toBe(finishClass);
    expect(trace.error).toBe(false);
    expect(trace.toolCalls).toBe(0);
    expect(trace.contentCaptured).toBe(true);
    expect(trace.inputText).toContain(prompt);
    if (reply.content) expect(trace.outputText).toContain(reply.content);
    expect(trace.spans.map((s) => s.operation)).toEqual(['inference']);
    expect(trace.spans[0]!.status.code).toBe('OK');
    expect(trace.spans.flatMap((s) => s.warnings)).toEqual([]);
  });

  it.each([
    { name: 'tool succeeds', fails: false },
    { name: 'tool throws', fails: true },
  ])('agent with a tool round trip: $name', async ({ fails }) => {
    const getWeather = traceTool(
      async (args: { city: string }) => {
        if (fails) throw new Error(`weather service down for ${args.city}`);
        return { city: args.city, tempC: 21 };
      },
      { name: 'get_weather', attributes: getToolAttributes({ name: 'get_weather', parameters: WEATHER_TOOL.function.parameters }) },
    );
    const agent = traceAgent(
      async (question: string) => {
        const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: question }];
        const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
        const call = first.choices[0]!.message.tool_calls![0]!;
        if (call.type !== 'function') throw new Error('expected a function tool call');
        const result = await getWeather(JSON.parse(call.function.arguments) as { city: string }).catch((e: Error) => ({ error: e.message }));
        messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
        const final = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
        return final.choices[0]!.message.content;
      },
      { name: 'weather-agent' },
    );
    await context.with(setUser(setSession(context.active(), { sessionId: 'sess-oi-1' }), { userId: 'user-oi-7' }), () => agent(`Weather in Paris? ${FAKE_REPLIES.toolCall.marker}`));
    const trace = await flushAndFetch(4);

    expectResource(trace);
    const byName = Object.fromEntries(trace.spans.map((s) => [s.name, s.operation]));
    expect(byName).toMatchObject({ 'weather-agent': 'agent', get_weather: 'tool', 'OpenAI Chat Completions': 'inference' });
    expect(trace.spans.filter((s) => s.operation === 'inference')).toHaveLength(2);
    expect(trace.inputTokens).toBe(FAKE_REPLIES.toolCall.usage.prompt_tokens + FAKE_REPLIES.toolFinal.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(FAKE_REPLIES.toolCall.usage.completion_tokens + FAKE_REPLIES.toolFinal.usage.completion_tokens);
    expect(trace.toolCalls).toBe(1);
    expect(trace.toolNames).toEqual(['get_weather']);
    expect(trace.toolErrors).toBe(fails ? 1 : 0);
    expect([...trace.finishClasses].sort()).toEqual(['stop', 'tool_call']);
    expect(trace.lastFinishClass).toBe('stop');
    expect(trace.models).toContain(fakeResponseModel(MODEL));
    expect(trace.sessionId).toBe('sess-oi-1');
    expect(trace.userId).toBe('user-oi-7');
    expect(trace.outputText).toContain(FAKE_REPLIES.toolFinal.content);
    const root = trace.spans.find((s) => s.parentSpanId === null);
    expect(root?.name).toBe('weather-agent');
    expect(trace.durationMs).toBeCloseTo(root!.durationMs, 3);
    // Cost is known for this model and is the sum over the inference spans (no agent-level double count).
    const inferenceCost = trace.spans.filter((s) => s.operation === 'inference').reduce((sum, s) => sum + Number(s.facts.costUsd), 0);
    expect(trace.costUsd).toBeGreaterThan(0);
    expect(trace.costUsd).toBeCloseTo(inferenceCost, 12);
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

    expect(trace.spans[0]!.operation).toBe('inference');
    expect(trace.finishClasses).toEqual(['stop']);
    expect(trace.outputText).toContain(FAKE_REPLIES.plain.content);
    // OpenInference 4.2 records no llm.token_count.* for streamed completions: the collector must not invent any.
    expect(trace.inputTokens).toBeNull();
    expect(trace.outputTokens).toBeNull();
  });

  it('embeddings span is an embedding operation with its model', async () => {
    await client.embeddings.create({ model: 'text-embedding-3-small', input: ['refund policy', 'shipping times'] });
    const trace = await flushAndFetch(1);

    expect(trace.spans.map((s) => s.operation)).toEqual(['embedding']);
    expect(trace.models).toEqual(['text-embedding-3-small']);
    expect(trace.error).toBe(false);
    expect(trace.finishClasses).toEqual([]);
  });

  it('a failed call (HTTP 500) marks the trace as an error through the enclosing agent span', async () => {
    const agent = traceAgent(
      async () => client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'boom [error]' }] }),
      { name: 'failing-agent' },
    );
    await expect(agent()).rejects.toThrow(/500/);
    const trace = await flushAndFetch(1);

    expect(trace.error).toBe(true);
    const root = trace.spans.find((s) => s.name === 'failing-agent');
    expect(root?.status.code).toBe('ERROR');
    expect(root?.operation).toBe('agent');
  });

  it('lists the traces by service and release', async () => {
    const res = await fetch(`${collector.url}/api/traces?service=${RESOURCE['service.name']}&release=${RESOURCE['service.version']}&limit=100`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as { traces: { traceId: string; serviceName: string }[]; nextCursor: string | null };
    expect(page.traces.length).toBe(singleCalls.length + 2 + 3);
    expect(new Set(page.traces.map((t) => t.serviceName))).toEqual(new Set([RESOURCE['service.name']]));
  });
});
