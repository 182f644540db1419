/**
 * E2E: OpenInference with content hidden (`traceConfig.hideInputs/hideOutputs`, the documented privacy
 * switch, same as OPENINFERENCE_HIDE_INPUTS/OUTPUTS). The instrumentation then writes the literal
 * `__REDACTED__` into `input.value` / `output.value`: the collector must keep the usage and finish facts
 * but mark the trace "no content captured" rather than store the marker as if it were the text.
 * (Its own file: the trace config is fixed per instrumentation, and OpenInference patches openai once.)
 */
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import * as openaiModule from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_REPLIES, startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { RecordingSpanProcessor, waitForTrace } from './traceApi.js';

let collector: TestServer;
let fake: FakeOpenAiServer;
let sdk: NodeSDK;
let exportProcessor: SimpleSpanProcessor;
const recorder = new RecordingSpanProcessor();

beforeAll(async () => {
  collector = await startTestServer();
  fake = await startFakeOpenAiServer();
  exportProcessor = new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` }));
  const instrumentation = new OpenAIInstrumentation({ traceConfig: { hideInputs: true, hideOutputs: true } });
  sdk = new NodeSDK({ resource: resourceFromAttributes({ 'service.name': 'oi-private-bot' }), autoDetectResources: false, spanProcessors: [exportProcessor, recorder], instrumentations: [instrumentation], metricReaders: [] });
  sdk.start();
  // (Cast: the instrumentation's types name openai's CommonJS declarations; the ESM module is the same code.)
  instrumentation.manuallyInstrument(openaiModule as unknown as Parameters<typeof instrumentation.manuallyInstrument>[0]);
});

afterAll(async () => {
  await sdk?.shutdown();
  await fake?.close();
  await collector?.close();
});

describe('OpenInference with hidden inputs and outputs -> collector', () => {
  it('keeps usage and finish facts, marks the content as not captured', async () => {
    const client = new OpenAI({ apiKey: 'sk-fake', baseURL: fake.baseURL, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `My account number is 1234 ${FAKE_REPLIES.refusal.marker}` }] });
    await recorder.waitForSpans(1);
    await exportProcessor.forceFlush();
    const trace = await waitForTrace(collector.url, recorder.traceIds()[0]!);

    const span = trace.spans[0]!;
    expect(span.attributes['input.value']).toBe('__REDACTED__');
    expect(span.operation).toBe('inference');
    expect(trace.inputTokens).toBe(FAKE_REPLIES.refusal.usage.prompt_tokens);
    expect(trace.outputTokens).toBe(FAKE_REPLIES.refusal.usage.completion_tokens);
    expect(trace.finishClasses).toEqual(['stop']);
    expect(trace.contentCaptured).toBe(false);
    expect(trace.inputText).toBeNull();
    expect(trace.outputText).toBeNull();
  });
});
