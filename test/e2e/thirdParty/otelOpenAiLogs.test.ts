/**
 * E2E: the OpenTelemetry contrib OpenAI instrumentation (@opentelemetry/instrumentation-openai 0.21)
 * registered through the NodeSDK, on the real openai client calling the fake OpenAI server. Spans carry
 * OTel GenAI attributes only; message text travels as GenAI LOG events on /v1/logs and must be attached
 * to its span by (traceId, spanId), whichever signal arrives first.
 */
import { createRequire } from 'node:module';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type OpenAIType from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_REPLIES, fakeResponseModel, startFakeOpenAiServer, type FakeOpenAiServer, type FakeReply } from '../../support/fakeOpenAiServer.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { RecordingSpanProcessor, waitForTrace, type TraceJson } from './traceApi.js';

const MODEL = 'gpt-4o-mini';
const RESOURCE = { 'service.name': 'otel-contrib-helpdesk', 'service.version': '5.0.0', 'deployment.environment.name': 'production' };
const SYSTEM_PROMPT = 'You are a terse helpdesk assistant.';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

let collector: TestServer;
let fake: FakeOpenAiServer;
let sdk: NodeSDK;
let spanBatch: BatchSpanProcessor;
let logBatch: BatchLogRecordProcessor;
let instrumentation: OpenAIInstrumentation;
const recorder = new RecordingSpanProcessor();
let client: OpenAIType;
let savedMetricsEndpoint: string | undefined;
let sdkShutDown = false;

type FlushOrder = 'spans first' | 'logs first';

/** Flushes both signals in the given order, then waits until the trace has `ready` facts. */
async function flushAndFetch(order: FlushOrder, ready: (t: TraceJson) => boolean): Promise<TraceJson> {
  await recorder.waitForSpans(1);
  const flushes = order === 'spans first' ? [spanBatch, logBatch] : [logBatch, spanBatch];
  for (const p of flushes) await p.forceFlush();
  const ids = recorder.traceIds();
  expect(ids).toHaveLength(1);
  return waitForTrace(collector.url, ids[0]!, { ready: (t) => t.spans.length >= 1 && ready(t) });
}

beforeAll(async () => {
  collector = await startTestServer();
  fake = await startFakeOpenAiServer();
  spanBatch = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }));
  logBatch = new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${collector.url}/v1/logs` }) });
  instrumentation = new OpenAIInstrumentation({ captureMessageContent: true });
  // The NodeSDK's default metrics pipeline (configured from OTEL_* variables) also goes to the collector,
  // which must accept and ignore it; the instrumentation records GenAI duration and token histograms.
  savedMetricsEndpoint = process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
  process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = `${collector.url}/v1/metrics`;
  sdk = new NodeSDK({
    resource: resourceFromAttributes(RESOURCE),
    autoDetectResources: false,
    spanProcessors: [spanBatch, recorder],
    logRecordProcessors: [logBatch],
    instrumentations: [instrumentation],
  });
  sdk.start();
  // This instrumentation has no manual hook: it patches the CommonJS build when it is required.
  const { OpenAI } = createRequire(import.meta.url)('openai') as typeof import('openai');
  client = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.baseURL, maxRetries: 0 });
});

afterAll(async () => {
  if (savedMetricsEndpoint === undefined) delete process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT;
  else process.env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT = savedMetricsEndpoint;
  if (!sdkShutDown) await sdk?.shutdown();
  await fake?.close();
  await collector?.close();
});

beforeEach(() => {
  recorder.clear();
  instrumentation.setConfig({ captureMessageContent: true });
});

interface ChatCase {
  name: string;
  reply: FakeReply;
  finishClass: string;
  order: FlushOrder;
  stream: boolean;
}

const chatCases: ChatCase[] = [
  { name: 'plain answer, spans before logs', reply: FAKE_REPLIES.plain, finishClass: 'stop', order: 'spans first', stream: false },
  { name: 'plain answer, logs before spans', reply: FAKE_REPLIES.plain, finishClass: 'stop', order: 'logs first', stream: false },
  { name: 'soft refusal text', reply: FAKE_REPLIES.refusal, finishClass: 'stop', order: 'spans first', stream: false },
  { name: 'content_filter', reply: FAKE_REPLIES.contentFilter, finishClass: 'content_filter', order: 'spans first', stream: false },
  { name: 'tool_calls reply', reply: FAKE_REPLIES.toolCall, finishClass: 'tool_call', order: 'logs first', stream: false },
  { name: 'streamed answer with usage chunk', reply: FAKE_REPLIES.plain, finishClass: 'stop', order: 'spans first', stream: true },
];

describe('@opentelemetry/instrumentation-openai (spans + GenAI log events) -> collector', () => {
  it.each(chatCases)('chat completion: $name', async ({ reply, finishClass, order, stream }) => {
    const prompt = `Please answer this ${reply.marker}`;
    const messages: OpenAIType.Chat.ChatCompletionMessageParam[] = [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: prompt },
    ];
    const tools = reply.toolCall ? { tools: [WEATHER_TOOL] } : {};
    if (stream) {
      const s = await client.chat.completions.create({ model: MODEL, messages, stream: true, stream_options: { include_usage: true } });
      for await (const _chunk of s) void _chunk;
    } else {
      await client.chat.completions.create({ model: MODEL, messages, ...tools });
    }
    const trace = await flushAndFetch(order, (t) => t.inputText !== null);

    expect(trace.serviceName).toBe(RESOURCE['service.name']);
    expect(trace.release).toBe(RESOURCE['service.version']);
    expect(trace.environment).toBe(RESOURCE['deployment.environment.name']);
    expect(trace.spans.map((s) => [s.name, s.kind, s.operation])).toEqual([[`chat ${MODEL}`, 'CLIENT', 'inference']]);
    expect(trace.models).toContain(fakeResponseModel(MODEL));
    expect(trace.providers).toEqual(['openai']);
    expect(trace.inputTokens).toBe(reply.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(reply.usage.completion_tokens);
    expect(trace.finishClasses).toEqual([finishClass]);
    expect(trace.lastFinishClass).toBe(finishClass);
    expect(trace.error).toBe(false);
    expect(trace.spans.flatMap((s) => s.warnings)).toEqual([]);
    // The span has no message attributes: the text can only come from the log events.
    expect(Object.keys(trace.spans[0]!.attributes).some((k) => k.startsWith('gen_ai.input') || k.startsWith('gen_ai.prompt'))).toBe(false);
    expect(trace.contentCaptured).toBe(true);
    expect(trace.inputText).toContain(prompt);
    if (reply.content) {
      const withOutput = await waitForTrace(collector.url, trace.traceId, { ready: (t) => t.outputText !== null });
      expect(withOutput.outputText).toContain(reply.content);
    }
  });

  it('second turn of a tool round trip: input is the user question, output the final answer', async () => {
    const question = `Weather in Paris? ${FAKE_REPLIES.toolCall.marker}`;
    const toolCall = FAKE_REPLIES.toolCall.toolCall;
    await client.chat.completions.create({
      model: MODEL,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: question },
        { role: 'assistant', content: null, tool_calls: [{ id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: toolCall.arguments } }] },
        { role: 'tool', tool_call_id: toolCall.id, content: '{"city":"Paris","tempC":21}' },
      ],
    });
    const trace = await flushAndFetch('spans first', (t) => t.inputText !== null && t.outputText !== null);

    expect(trace.inputTokens).toBe(FAKE_REPLIES.toolFinal.usage.prompt_tokens);
    expect(trace.lastFinishClass).toBe('stop');
    expect(trace.inputText).toContain(question);
    expect(trace.outputText).toContain(FAKE_REPLIES.toolFinal.content);
  });

  it('content capture off: the trace is marked "no content captured"', async () => {
    instrumentation.setConfig({ captureMessageContent: false });
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `Secret question ${FAKE_REPLIES.plain.marker}` }] });
    const trace = await flushAndFetch('spans first', () => true);

    expect(trace.inputTokens).toBe(FAKE_REPLIES.plain.usage.prompt_tokens);
    expect(trace.contentCaptured).toBe(false);
    expect(trace.inputText).toBeNull();
    expect(trace.outputText).toBeNull();
  });

  it('embeddings span is an embedding operation', async () => {
    await client.embeddings.create({ model: 'text-embedding-3-small', input: ['refund policy', 'shipping times'] });
    const trace = await flushAndFetch('spans first', () => true);

    expect(trace.spans.map((s) => s.operation)).toEqual(['embedding']);
    expect(trace.models).toEqual(['text-embedding-3-small']);
    expect(trace.spans[0]!.facts.inputTokens).toBe(Number(trace.spans[0]!.attributes['gen_ai.usage.input_tokens']));
  });

  it('a failed call (HTTP 500) is an error span with its error.type', async () => {
    await expect(client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'boom [error]' }] })).rejects.toThrow(/500/);
    const trace = await flushAndFetch('spans first', () => true);

    expect(trace.error).toBe(true);
    expect(trace.spans[0]!.status.code).toBe('ERROR');
    expect(trace.errorTypes).toEqual(['InternalServerError']);
    expect(trace.finishClasses).toEqual([]);
    expect(trace.inputTokens).toBeNull();
  });

  it('NodeSDK shutdown exports the GenAI metrics to /v1/metrics: accepted (200) and ignored', async () => {
    sdkShutDown = true;
    await sdk.shutdown();
    const text = await (await fetch(`${collector.url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('tracegate_http_request_duration_seconds_count{route="/v1/metrics",status="200"}'));
    expect(Number(line?.split(' ').pop())).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/route="\/v1\/metrics",status="[45]\d\d"/);
  });
});
