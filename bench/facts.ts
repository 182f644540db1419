/**
 * Throughput of computeSpanFacts (+ toTraceSpanInput) on realistic spans: a mix of OTel GenAI
 * (instrumentation-openai, content on logs), OTel GenAI with structured content, OpenInference with
 * flattened messages, Vercel AI SDK steps/tools/root, OpenLLMetry legacy, and plain HTTP spans.
 * Usage: npx tsx bench/facts.ts [seconds per scenario, default 2]
 */
import os from 'node:os';
import type { Attributes, WireSpan } from '../collectors/wireTypes.js';
import { computeSpanFacts, toTraceSpanInput } from '../src/domain/facts/index.js';

const SECONDS = Number(process.argv[2] ?? 2);
const SYSTEM = 'You are a helpful support assistant for ACME. Answer briefly, cite policy numbers, never invent order data. '.repeat(4);
const resource: Attributes = { 'service.name': 'support-bot', 'service.version': '1.4.2', 'deployment.environment.name': 'prod' };
const history = [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: 'Hi, my order 1234 has not arrived yet. Can you check?' },
  { role: 'assistant', content: 'Sure, let me look that up for you.' },
  { role: 'user', content: 'Thanks. It was supposed to arrive last Tuesday.' },
];

let seq = 0;
function span(name: string, attributes: Attributes, extra: Partial<WireSpan> = {}): WireSpan {
  seq++;
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: seq.toString(16).padStart(16, '0'), parentSpanId: 'b7ad6b7169203331',
    name, kind: 3, startTimeUnixNano: '1760000000123456789', endTimeUnixNano: '1760000001123456789',
    attributes, events: [], links: [], status: { code: 0, message: '' }, resource, scope: { name: 'bench', version: '1' }, ...extra,
  };
}

const otelNoContent = span('chat gpt-4o-mini', {
  'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.system': 'openai',
  'server.address': 'api.openai.com', 'server.port': 443, 'gen_ai.response.finish_reasons': ['stop'],
  'gen_ai.response.id': 'chatcmpl-abc', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 96,
});
const otelContent = span('chat gpt-4o', {
  'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
  'gen_ai.response.model': 'gpt-4o-2024-08-06', 'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 96,
  'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.conversation.id': 'conv-1',
  'gen_ai.input.messages': JSON.stringify(history.map((m) => ({ role: m.role, parts: [{ type: 'text', content: m.content }] }))),
  'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Your order ships today.' }], finish_reason: 'stop' }]),
});
const oiAttrs: Attributes = {
  'openinference.span.kind': 'LLM', 'llm.model_name': 'gpt-4o-mini-2024-07-18', 'llm.system': 'openai', 'llm.provider': 'openai',
  'input.value': JSON.stringify({ model: 'gpt-4o-mini', messages: history }), 'input.mime_type': 'application/json',
  'llm.token_count.prompt': 812, 'llm.token_count.completion': 96, 'llm.token_count.total': 908, 'llm.finish_reason': 'stop',
  'output.value': JSON.stringify({ id: 'x', choices: [{ index: 0, message: { role: 'assistant', content: 'Your order ships today.' }, finish_reason: 'stop' }] }),
  'output.mime_type': 'application/json',
  'llm.output_messages.0.message.role': 'assistant', 'llm.output_messages.0.message.content': 'Your order ships today.',
};
history.forEach((m, i) => {
  oiAttrs[`llm.input_messages.${i}.message.role`] = m.role;
  oiAttrs[`llm.input_messages.${i}.message.content`] = m.content;
});
const openInference = span('OpenAI Chat Completions', oiAttrs);
const aiSdkStep = span('ai.generateText.doGenerate', {
  'operation.name': 'ai.generateText.doGenerate support', 'ai.operationId': 'ai.generateText.doGenerate',
  'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o-mini', 'ai.telemetry.metadata.sessionId': 's-1',
  'ai.prompt.messages': JSON.stringify(history.map((m) => ({ role: m.role, content: [{ type: 'text', text: m.content }] }))),
  'gen_ai.system': 'openai.chat', 'gen_ai.request.model': 'gpt-4o-mini', 'ai.response.finishReason': 'tool-calls',
  'ai.response.toolCalls': '[{"toolCallId":"c1","toolName":"lookup_order","input":"{\\"id\\":1234}"}]',
  'ai.usage.inputTokens': 812, 'ai.usage.outputTokens': 20, 'gen_ai.response.finish_reasons': ['tool-calls'],
  'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 20, 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
});
const aiSdkTool = span('ai.toolCall', { 'ai.toolCall.name': 'lookup_order', 'ai.toolCall.id': 'c1', 'ai.toolCall.args': '{"id":1234}' });
const aiSdkRoot = span('ai.generateText', {
  'ai.model.provider': 'openai.chat', 'ai.model.id': 'gpt-4o-mini', 'ai.prompt': JSON.stringify({ system: SYSTEM, messages: history.slice(1) }),
  'ai.response.finishReason': 'stop', 'ai.response.text': 'Your order ships today.', 'ai.usage.inputTokens': 1700, 'ai.usage.outputTokens': 120,
});
const traceloopLegacy = span('anthropic.chat', {
  'llm.request.type': 'chat', 'gen_ai.system': 'Anthropic', 'gen_ai.request.model': 'claude-3-5-sonnet-20241022',
  'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': history[3]!.content, 'gen_ai.completion.0.role': 'assistant',
  'gen_ai.completion.0.content': 'Your order ships today.', 'gen_ai.completion.0.finish_reason': 'end_turn',
  'gen_ai.usage.prompt_tokens': 40, 'gen_ai.usage.completion_tokens': 12,
});
const http = span('POST /chat', { 'http.request.method': 'POST', 'url.path': '/chat', 'http.response.status_code': 200 }, { kind: 2 });

console.log(`node ${process.version}, load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`);
const scenarios: { name: string; spans: WireSpan[] }[] = [
  { name: 'mixed conventions, content captured', spans: [otelContent, openInference, aiSdkRoot, aiSdkStep, aiSdkTool, traceloopLegacy, http, otelNoContent] },
  { name: 'no content on spans (OTel default)', spans: [otelNoContent, otelNoContent, aiSdkTool, http] },
];

for (const { name, spans } of scenarios) {
  for (const s of spans) computeSpanFacts(s); // warm-up JIT
  let count = 0;
  let sink = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() < deadline) {
    for (let i = 0; i < 1000; i++) {
      const s = spans[i % spans.length]!;
      const input = toTraceSpanInput(s, computeSpanFacts(s));
      sink += input.facts.warnings.length + (input.facts.inputTokens ?? 0);
      count++;
    }
  }
  const elapsedS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  // Wall-clock rate suffers when other processes share the cores; the CPU-time rate is the steadier figure.
  console.log(
    `${name}: ${fmt(count / elapsedS)} spans/s wall, ${fmt(count / cpuS)} spans per CPU-second ` +
      `(computeSpanFacts + toTraceSpanInput, 1 thread, ${count} spans, sink ${sink % 7})`,
  );
}
