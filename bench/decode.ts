/**
 * Decode throughput of the OTLP wire layer: 512-span batches from the real SDK serializers, decoded
 * repeatedly with decodeTraces (protobuf and JSON). Prints spans/s and MB/s per format.
 * Run: npx tsx bench/decode.ts [--seconds 3] [--protobuf | --json]
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { decodeTraces, type ContentFormat } from '../collectors/index.js';

const BATCH = 512;
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;

/** 512 spans shaped like an LLM app's: per trace an agent span, two inference spans, one tool span. */
async function buildBatch(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'chat-api', 'service.version': '2.4.1', 'deployment.environment.name': 'production' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  for (let t = 0; t < BATCH / 4; t++) {
    const root = tracer.startSpan('invoke_agent support-bot', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'session.id': `s-${t}`, 'user.id': `u-${t % 50}` } });
    const ctx = trace.setSpan(context.active(), root);
    for (let i = 0; i < 2; i++) {
      const llm = tracer.startSpan('chat gpt-4o-mini', {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
          'gen_ai.request.temperature': 0.2, 'gen_ai.request.max_tokens': 1024,
          'gen_ai.usage.input_tokens': 812 + t, 'gen_ai.usage.output_tokens': 96 + i,
          'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.response.id': `chatcmpl-${t}-${i}-abcdefghijklmnop`,
          'server.address': 'api.openai.com', 'server.port': 443,
        },
      }, ctx);
      llm.addEvent('gen_ai.content.completion', { 'gen_ai.completion': 'Sure, here is how to reset your password: ...' });
      llm.end();
    }
    const tool = tracer.startSpan('execute_tool lookup_order', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': `call_${t}` } }, ctx);
    if (t % 10 === 0) tool.setStatus({ code: SpanStatusCode.ERROR, message: 'order not found' });
    tool.end();
    root.end();
  }
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

function measure(format: ContentFormat, body: Uint8Array): void {
  for (let i = 0; i < 50; i++) decodeTraces(body, format); // warm-up
  let batches = 0;
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const budget = BigInt(SECONDS * 1e9);
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 10; i++) {
      const r = decodeTraces(body, format);
      if (!r.ok || r.items.length !== BATCH) throw new Error(`decode failed: ${JSON.stringify(r).slice(0, 200)}`);
    }
    batches += 10;
    elapsed = process.hrtime.bigint() - start;
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const seconds = Number(elapsed) / 1e9;
  const spansPerSec = (batches * BATCH) / seconds;
  const spansPerCpuSec = (batches * BATCH) / cpuSeconds;
  const mbPerSec = (batches * body.length) / seconds / 1e6;
  console.log(`${format.padEnd(8)} batch ${BATCH} spans, ${(body.length / 1024).toFixed(1)} KiB: ${Math.round(spansPerSec).toLocaleString('en-US')} spans/s wall, ${Math.round(spansPerCpuSec).toLocaleString('en-US')} spans/CPU-s, ${mbPerSec.toFixed(1)} MB/s, ${(seconds * 1e6 / batches).toFixed(0)} µs/batch`);
}

const spans = await buildBatch();
const proto = ProtobufTraceSerializer.serializeRequest(spans);
const json = JsonTraceSerializer.serializeRequest(spans);
if (!proto || !json) throw new Error('serialization failed');
console.log(`node ${process.version}, ${SECONDS}s per format`);
const only = process.argv.includes('--protobuf') ? 'protobuf' : process.argv.includes('--json') ? 'json' : null;
if (only !== 'json') measure('protobuf', proto);
if (only !== 'protobuf') measure('json', json);
