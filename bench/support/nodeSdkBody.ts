/**
 * A real NodeSDK bulk body: a NodeSDK (default resource detectors, BatchSpanProcessor, the OTLP/HTTP
 * protobuf exporter) traces `spans / 2` single-call requests (HTTP server span -> chat span) and
 * exports them to a local capture server; the first 512-span body it sends becomes a template.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { templateFromBody, type Template } from './otlpTemplates.js';

const built = new Map<number, Promise<Template>>();

/** One template of `spans` spans (2-span traces) as a NodeSDK sends it (built once per process: a NodeSDK registers globals once). */
export function nodeSdkTemplate(spans = 512): Promise<Template> {
  let template = built.get(spans);
  if (!template) built.set(spans, (template = buildNodeSdkTemplate(spans)));
  return template;
}

async function buildNodeSdkTemplate(spans: number): Promise<Template> {
  const bodies: Buffer[] = [];
  const capture = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(capture.address() as AddressInfo).port}/v1/traces`;
  const exporter = new OTLPTraceExporter({ url });
  const batch = new BatchSpanProcessor(exporter, { maxExportBatchSize: spans, maxQueueSize: spans * 2, scheduledDelayMillis: 60_000 });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': 'chat-api', 'service.version': '1.4.2', 'deployment.environment.name': 'production' }),
    spanProcessors: [batch],
    instrumentations: [],
  });
  sdk.start();
  const tracer = trace.getTracer('chat-api', '1.4.2');
  const startMs = Date.now() - 60_000;
  for (let i = 0; i < spans / 2; i++) {
    const at = startMs + i * 20;
    const server = tracer.startSpan('POST /api/chat', {
      kind: SpanKind.SERVER,
      startTime: at,
      attributes: { 'http.request.method': 'POST', 'http.route': '/api/chat', 'url.path': '/api/chat', 'http.response.status_code': 200, 'user_agent.original': 'Mozilla/5.0', 'session.id': `sess-${i % 50}` },
    });
    const chat = tracer.startSpan('chat gpt-4o-mini', {
      kind: SpanKind.CLIENT,
      startTime: at + 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.response.id': `chatcmpl-${i}`,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 300 + (i % 200),
        'gen_ai.usage.output_tokens': 40 + (i % 90),
        'server.address': 'api.openai.com',
        'server.port': 443,
      },
    }, trace.setSpan(ROOT_CONTEXT, server));
    chat.end(at + 700);
    server.end(at + 720);
  }
  await batch.forceFlush();
  // The export may still be on its way (the exporter waits for the detected resource first).
  for (let waited = 0; bodies.length === 0 && waited < 20_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
  await sdk.shutdown();
  await new Promise<void>((resolve) => capture.close(() => resolve()));
  const body = bodies.find((b) => b.length > 0);
  if (!body) throw new Error('the NodeSDK exported nothing');
  return templateFromBody(body, spans, BigInt(startMs) * 1_000_000n);
}
