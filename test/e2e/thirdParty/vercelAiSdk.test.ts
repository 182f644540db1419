/**
 * E2E: Vercel AI SDK 6 `experimental_telemetry` with the real @ai-sdk/openai provider calling the fake
 * OpenAI server, traced by the NodeSDK and exported by the real OTLP/HTTP protobuf exporter (gzip) to
 * the running collector; facts are read back through the query API.
 *
 * The AI SDK puts the TOTAL usage on the outer `ai.generateText` / `ai.streamText` span and per-step
 * usage on each `doGenerate` / `doStream` child: trace tokens must count each step exactly once.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { embed, embedMany, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FAKE_REPLIES, fakeResponseModel, startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { RecordingSpanProcessor, spansNamed, waitForTrace, type TraceJson } from './traceApi.js';

const MODEL = 'gpt-4o-mini';
const RESOURCE = { 'service.name': 'ai-sdk-concierge', 'service.version': '0.9.1', 'deployment.environment': 'canary' };

let collector: TestServer;
let fake: FakeOpenAiServer;
let sdk: NodeSDK;
let batch: BatchSpanProcessor;
const recorder = new RecordingSpanProcessor();
let openai: ReturnType<typeof createOpenAI>;

async function flushAndFetch(minSpans: number): Promise<TraceJson> {
  await recorder.waitForSpans(minSpans);
  await batch.forceFlush();
  const ids = recorder.traceIds();
  expect(ids).toHaveLength(1);
  return waitForTrace(collector.url, ids[0]!, { minSpans });
}

function telemetry(functionId: string) {
  return { isEnabled: true, functionId, metadata: { sessionId: `sess-${functionId}`, userId: 'user-ai-5' } };
}

function weatherTool(fails: boolean) {
  return tool({
    description: 'Current weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => {
      if (fails) throw new Error(`weather service down for ${city}`);
      return { city, tempC: 21 };
    },
  });
}

function expectResource(trace: TraceJson): void {
  expect(trace.serviceName).toBe(RESOURCE['service.name']);
  expect(trace.release).toBe(RESOURCE['service.version']);
  // The old attribute name `deployment.environment` is still accepted.
  expect(trace.environment).toBe(RESOURCE['deployment.environment']);
}

beforeAll(async () => {
  collector = await startTestServer();
  fake = await startFakeOpenAiServer();
  batch = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces`, compression: CompressionAlgorithm.GZIP }));
  sdk = new NodeSDK({ resource: resourceFromAttributes(RESOURCE), autoDetectResources: false, spanProcessors: [batch, recorder], metricReaders: [] });
  sdk.start();
  openai = createOpenAI({ apiKey: 'sk-fake', baseURL: fake.baseURL });
});

afterAll(async () => {
  await sdk?.shutdown();
  await fake?.close();
  await collector?.close();
});

beforeEach(() => recorder.clear());

describe('Vercel AI SDK 6 experimental_telemetry -> collector', () => {
  it.each([
    { name: 'tool succeeds', fails: false },
    { name: 'tool throws', fails: true },
  ])('generateText with a tool call, two steps: $name', async ({ fails }) => {
    const prompt = `What is the weather in Paris? ${FAKE_REPLIES.toolCall.marker}`;
    const result = await generateText({
      model: openai.chat(MODEL),
      prompt,
      tools: { get_weather: weatherTool(fails) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      experimental_telemetry: telemetry('weather'),
    });
    expect(result.text).toBe(FAKE_REPLIES.toolFinal.content);
    const trace = await flushAndFetch(4);

    expectResource(trace);
    expect(trace.spans.map((s) => `${s.name}:${s.operation}`).sort()).toEqual(
      ['ai.generateText:agent', 'ai.generateText.doGenerate:inference', 'ai.generateText.doGenerate:inference', 'ai.toolCall:tool'].sort(),
    );
    const expectedIn = FAKE_REPLIES.toolCall.usage.prompt_tokens + FAKE_REPLIES.toolFinal.usage.prompt_tokens;
    const expectedOut = FAKE_REPLIES.toolCall.usage.completion_tokens + FAKE_REPLIES.toolFinal.usage.completion_tokens;
    // The outer span repeats the total: counting it too would double the numbers.
    const root = spansNamed(trace, 'ai.generateText')[0]!;
    expect(root.attributes['ai.usage.inputTokens']).toBe(expectedIn);
    expect(trace.inputTokens).toBe(expectedIn);
    expect(trace.outputTokens).toBe(expectedOut);
    expect(trace.models).toContain(fakeResponseModel(MODEL));
    expect(trace.providers).toEqual(['openai']);
    expect(trace.toolCalls).toBe(1);
    expect(trace.toolNames).toEqual(['get_weather']);
    expect(trace.toolErrors).toBe(fails ? 1 : 0);
    const toolSpan = spansNamed(trace, 'ai.toolCall')[0]!;
    expect(toolSpan.status.code).toBe(fails ? 'ERROR' : 'UNSET');
    expect(new Set(trace.finishClasses)).toEqual(new Set(['tool_call', 'stop']));
    expect(trace.lastFinishClass).toBe('stop');
    expect(trace.sessionId).toBe('sess-weather');
    expect(trace.userId).toBe('user-ai-5');
    expect(trace.inputText).toContain(prompt);
    expect(trace.outputText).toContain(FAKE_REPLIES.toolFinal.content);
    expect(root.parentSpanId).toBeNull();
    expect(trace.spans.flatMap((s) => s.warnings)).toEqual([]);
    // End-to-end latency is the root span's.
    expect(trace.startTime).toBe(root.startTime);
    expect(trace.durationMs).toBeCloseTo(root.durationMs, 3);
  });

  it.each([
    { name: 'content-filter', reply: FAKE_REPLIES.contentFilter, finishClass: 'content_filter' },
    { name: 'length', reply: FAKE_REPLIES.length, finishClass: 'length' },
    { name: 'soft refusal', reply: FAKE_REPLIES.refusal, finishClass: 'stop' },
  ])('generateText, one step: $name', async ({ reply, finishClass }) => {
    await generateText({ model: openai.chat(MODEL), prompt: `Tell me ${reply.marker}`, maxRetries: 0, experimental_telemetry: telemetry('single') });
    const trace = await flushAndFetch(2);

    expectResource(trace);
    expect(trace.inputTokens).toBe(reply.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(reply.usage.completion_tokens);
    expect(trace.finishReasons).toContain(finishClass === 'content_filter' ? 'content-filter' : finishClass);
    expect(new Set(trace.finishClasses)).toEqual(new Set([finishClass]));
    expect(trace.lastFinishClass).toBe(finishClass);
    expect(trace.toolCalls).toBe(0);
    expect(trace.error).toBe(false);
    if (reply.content) expect(trace.outputText).toContain(reply.content);
  });

  it('streamText: time to first token and tokens counted once', async () => {
    const result = streamText({ model: openai.chat(MODEL), prompt: `Stream it ${FAKE_REPLIES.plain.marker}`, maxRetries: 0, experimental_telemetry: telemetry('stream') });
    expect(await result.text).toBe(FAKE_REPLIES.plain.content);
    const trace = await flushAndFetch(2);

    const doStream = spansNamed(trace, 'ai.streamText.doStream')[0]!;
    expect(doStream.operation).toBe('inference');
    expect(spansNamed(trace, 'ai.streamText')[0]?.operation).toBe('agent');
    expect(trace.inputTokens).toBe(FAKE_REPLIES.plain.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(FAKE_REPLIES.plain.usage.completion_tokens);
    const reportedTtft = Number(doStream.attributes['ai.response.msToFirstChunk']);
    expect(reportedTtft).toBeGreaterThan(0);
    expect(trace.ttftMs).toBeCloseTo(reportedTtft, 3);
    expect(trace.lastFinishClass).toBe('stop');
    expect(trace.outputText).toContain(FAKE_REPLIES.plain.content);
  });

  it('streamText with a tool call, two streamed steps: tokens once, first step time to first token', async () => {
    const result = streamText({
      model: openai.chat(MODEL),
      prompt: `Weather in Paris, streamed? ${FAKE_REPLIES.toolCall.marker}`,
      tools: { get_weather: weatherTool(false) },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      experimental_telemetry: telemetry('stream-tool'),
    });
    expect(await result.text).toBe(FAKE_REPLIES.toolFinal.content);
    const trace = await flushAndFetch(4);

    const steps = spansNamed(trace, 'ai.streamText.doStream');
    expect(steps.map((s) => s.operation)).toEqual(['inference', 'inference']);
    expect(trace.inputTokens).toBe(FAKE_REPLIES.toolCall.usage.prompt_tokens + FAKE_REPLIES.toolFinal.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(FAKE_REPLIES.toolCall.usage.completion_tokens + FAKE_REPLIES.toolFinal.usage.completion_tokens);
    expect(trace.toolCalls).toBe(1);
    expect(new Set(trace.finishClasses)).toEqual(new Set(['tool_call', 'stop']));
    expect(trace.lastFinishClass).toBe('stop');
    expect(trace.ttftMs).toBeCloseTo(Number(steps[0]!.attributes['ai.response.msToFirstChunk']), 3);
  });

  it('recordInputs/recordOutputs off: the trace is marked "no content captured"', async () => {
    await generateText({
      model: openai.chat(MODEL),
      prompt: `Private question ${FAKE_REPLIES.plain.marker}`,
      maxRetries: 0,
      experimental_telemetry: { ...telemetry('private'), recordInputs: false, recordOutputs: false },
    });
    const trace = await flushAndFetch(2);

    expect(trace.inputTokens).toBe(FAKE_REPLIES.plain.usage.prompt_tokens);
    expect(trace.lastFinishClass).toBe('stop');
    expect(trace.contentCaptured).toBe(false);
    expect(trace.inputText).toBeNull();
    expect(trace.outputText).toBeNull();
  });

  it('embedMany: embedding operations with the embedding model', async () => {
    await embedMany({ model: openai.embedding('text-embedding-3-small'), values: ['refund policy', 'shipping times'], maxRetries: 0, experimental_telemetry: telemetry('embed') });
    const trace = await flushAndFetch(2);

    expect(trace.spans.map((s) => s.operation)).toEqual(['embedding', 'embedding']);
    expect(trace.models).toEqual(['text-embedding-3-small']);
    expect(trace.error).toBe(false);
  });

  it('RAG request (embed, then generate) under an app span: tokens are the inference call\'s only', async () => {
    const tracer = trace.getTracer('rag-app');
    await tracer.startActiveSpan('POST /ask', async (span) => {
      await embed({ model: openai.embedding('text-embedding-3-small'), value: 'refund policy', maxRetries: 0, experimental_telemetry: telemetry('rag') });
      await generateText({ model: openai.chat(MODEL), prompt: `Using the policy, answer ${FAKE_REPLIES.plain.marker}`, maxRetries: 0, experimental_telemetry: telemetry('rag') });
      span.end();
    });
    const t = await flushAndFetch(5);

    expect(t.spans.map((s) => s.operation).sort()).toEqual(['agent', 'embedding', 'embedding', 'inference', 'other']);
    expect(t.spans.find((s) => s.parentSpanId === null)?.name).toBe('POST /ask');
    // Tokens are summed over leaf inference spans: the embedding call's tokens are not input tokens.
    expect(t.inputTokens).toBe(FAKE_REPLIES.plain.usage.prompt_tokens);
    expect(t.outputTokens).toBe(FAKE_REPLIES.plain.usage.completion_tokens);
    // Models, like tokens, come from the leaf inference spans (the embedding model only when there are none).
    expect(t.models).toContain(fakeResponseModel(MODEL));
    expect(t.models).not.toContain('text-embedding-3-small');
  });

  it('a failed call (HTTP 500) marks the trace as an error', async () => {
    await expect(generateText({ model: openai.chat(MODEL), prompt: 'boom [error]', maxRetries: 0, experimental_telemetry: telemetry('fail') })).rejects.toThrow();
    const trace = await flushAndFetch(2);

    expect(trace.error).toBe(true);
    expect(trace.spans.every((s) => s.status.code === 'ERROR')).toBe(true);
    expect(spansNamed(trace, 'ai.generateText.doGenerate')[0]?.operation).toBe('inference');
    expect(trace.inputTokens).toBeNull();
    expect(trace.finishClasses).toEqual([]);
  });
});
