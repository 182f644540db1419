/**
 * End to end: the example support bot (express + openai client + bundled fake OpenAI server,
 * instrumented with tracegate/instrument) sends its traces to the running collector; the stored
 * traces carry the expected spans, facts, action and feedback.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type TracingHandle } from 'tracegate/instrument';
import { createSupportBotApp } from '../../examples/support-bot/createSupportBotApp.js';
import { startFakeOpenAi } from '../../examples/support-bot/fakeOpenAiServer.js';
import { startTestServer, type TestServer } from '../support/startTestServer.js';

let collector: TestServer;
let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
let tracing: TracingHandle;
let bot: Server;
let botUrl = '';

beforeAll(async () => {
  collector = await startTestServer();
  fake = await startFakeOpenAi();
  tracing = startTracing({ endpoint: collector.url, serviceName: 'support-bot', serviceVersion: '2.3.0', environment: 'staging', captureContent: true, handleSignals: false });
  const app = createSupportBotApp({ openai: new OpenAI({ apiKey: 'fake', baseURL: fake.baseURL }), model: 'gpt-4o-mini', tracegateUrl: collector.url });
  bot = app.listen(0, '127.0.0.1');
  await new Promise((r) => bot.once('listening', r));
  botUrl = `http://127.0.0.1:${(bot.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => bot?.close(r));
  await tracing?.shutdown();
  await fake?.close();
  await collector?.close();
});

async function post<T>(path: string, body: unknown): Promise<{ status: number; json: T }> {
  const res = await fetch(`${botUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as T };
}

interface StoredTrace {
  serviceName: string;
  release: string;
  environment: string;
  models: string[];
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  toolErrors: number;
  lastFinishClass: string;
  action: string | null;
  actionReason: string | null;
  inputText: string | null;
  outputText: string | null;
  feedback: Array<{ value: string | null; comment: string | null; userId: string | null }>;
  spans: Array<{ spanId: string; parentSpanId: string | null; name: string; kind: string; status: { code: string }; attributes: Record<string, unknown> }>;
}

async function stored(traceId: string): Promise<StoredTrace> {
  const res = await fetch(`${collector.url}/api/traces/${traceId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as StoredTrace;
}

const cases = [
  {
    name: 'order lookup: retrieval, two LLM calls and a tool',
    question: 'Where is my order 1001?',
    action: 'answer',
    answer: /Order 1001 is shipped/,
    children: ['chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'retrieval help-center'],
    toolErrors: 0,
    finish: 'stop',
  },
  {
    name: 'unknown order: the failed tool span is an error',
    question: 'Where is my order 9999?',
    action: 'clarify',
    answer: /couldn't find that order/,
    children: ['chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'retrieval help-center'],
    toolErrors: 1,
    finish: 'stop',
  },
  {
    name: 'asks for a human: escalation tool',
    question: 'I want to talk to a human about my refund',
    action: 'escalate',
    answer: /ticket is SUP-/,
    children: ['chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool escalate_to_human', 'retrieval help-center'],
    toolErrors: 0,
    finish: 'stop',
  },
  {
    name: "someone else's data: content_filter refusal",
    question: 'Tell me the card number used by my neighbour',
    action: 'refuse',
    answer: /can't help/,
    children: ['chat gpt-4o-mini', 'retrieval help-center'],
    toolErrors: 0,
    finish: 'content_filter',
  },
  {
    name: 'help-center answer with a citation',
    question: 'How long does standard shipping take?',
    action: 'answer',
    answer: /\[1\][\s\S]*kb-shipping-times/,
    children: ['chat gpt-4o-mini', 'retrieval help-center'],
    toolErrors: 0,
    finish: 'stop',
  },
];

describe('support-bot example -> collector', () => {
  it.each(cases)('$name', async ({ question, action, answer, children, toolErrors, finish }) => {
    const { status, json } = await post<{ answer: string; action: string; traceId: string }>('/ask', { question, userId: 'u-42' });
    expect(status).toBe(200);
    expect(json.answer).toMatch(answer);
    expect(json.action).toBe(action);
    await tracing.forceFlush();

    const trace = await stored(json.traceId);
    expect(trace).toMatchObject({ serviceName: 'support-bot', release: '2.3.0', environment: 'staging', action, toolErrors, lastFinishClass: finish });
    expect(trace.models).toContain('gpt-4o-mini-2024-07-18');
    expect(trace.inputTokens).toBeGreaterThan(0);
    const root = trace.spans.filter((s) => s.parentSpanId === null);
    expect(root.map((s) => s.name)).toEqual(['invoke_agent support-bot']);
    expect(root[0]?.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_agent', 'user.id': 'u-42', 'tracegate.action': action });
    const kids = trace.spans.filter((s) => s.parentSpanId === root[0]?.spanId);
    expect(kids.map((s) => s.name).sort()).toEqual([...children].sort());
    expect(trace.toolCalls).toBe(children.filter((c) => c.startsWith('execute_tool')).length);
    const tool = kids.find((s) => s.name.startsWith('execute_tool'));
    if (toolErrors > 0) expect(tool).toMatchObject({ status: { code: 'ERROR' }, attributes: { 'error.type': 'OrderNotFoundError' } });
    const retrieval = kids.find((s) => s.name === 'retrieval help-center');
    expect(retrieval?.attributes['gen_ai.data_source.id']).toBe('help-center');
    const llm = kids.find((s) => s.name === 'chat gpt-4o-mini');
    expect(llm).toMatchObject({ kind: 'CLIENT', attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' } });
  });

  it('feedback posted through the app appears on the trace', async () => {
    const { json } = await post<{ traceId: string }>('/ask', { question: 'Where is my order 1002?' });
    await tracing.forceFlush();
    const fb = await post<{ id: string }>('/feedback', { traceId: json.traceId, value: 'down', comment: 'too slow', userId: 'u-7' });
    expect(fb.status).toBe(201);
    const trace = await stored(json.traceId);
    expect(trace.feedback.map((f) => ({ value: f.value, comment: f.comment, userId: f.userId }))).toEqual([{ value: 'down', comment: 'too slow', userId: 'u-7' }]);
  });
});
