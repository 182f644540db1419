/**
 * Emits, through the real OpenTelemetry SDK and OTLP/HTTP exporter, one support-bot trace whose user
 * message holds PII and whose answer invents a figure (the promotion e2e's production failure).
 */
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  agentAttributes,
  llmRequestAttributes,
  llmResponseAttributes,
  retrievalAttributes,
  retrievalDocumentsAttributes,
  textMessage,
} from '../../src/instrument/genAiAttributes.js';
import { providerFor } from './otelSpans.js';

/** What the trace says. */
export interface PiiTraceSpec {
  userText: string;
  answer: string;
  action: string;
  documents: Array<{ id: string; content: string }>;
  system: string;
  release: string;
}

/** Sends the trace to `url` and returns its trace id (after the exporter flushed). */
export async function emitPiiTrace(url: string, spec: PiiTraceSpec): Promise<string> {
  const provider = providerFor(new OTLPTraceExporter({ url: `${url}/v1/traces` }), {
    'service.name': 'support-bot',
    'service.version': spec.release,
    'deployment.environment.name': 'production',
  });
  const tracer = provider.getTracer('promotion-e2e');
  const t0 = Date.now() - 5_000;
  const root = tracer.startSpan('invoke_agent support-agent', { kind: SpanKind.INTERNAL, startTime: t0, attributes: { ...agentAttributes({ name: 'support-agent', userId: 'u-77' }), 'tracegate.action': spec.action } }, ROOT_CONTEXT);
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const retrieval = tracer.startSpan('retrieval help-center', { kind: SpanKind.CLIENT, startTime: t0 + 5, attributes: retrievalAttributes({ dataSourceId: 'help-center', query: spec.userText, topK: spec.documents.length }, true) }, ctx);
  retrieval.setAttributes(retrievalDocumentsAttributes(spec.documents.map((d, i) => ({ id: d.id, score: 0.8 - i * 0.1, content: d.content })), true));
  retrieval.end(t0 + 40);
  const chat = tracer.startSpan('chat gpt-4o-mini', {
    kind: SpanKind.CLIENT,
    startTime: t0 + 45,
    attributes: llmRequestAttributes({ provider: 'openai', model: 'gpt-4o-mini', inputMessages: [textMessage('user', spec.userText)], systemInstructions: spec.system }, true),
  }, ctx);
  chat.setAttributes(llmResponseAttributes({ model: 'gpt-4o-mini', finishReasons: ['stop'], inputTokens: 210, outputTokens: 24, outputMessages: [textMessage('assistant', spec.answer, 'stop')] }, true));
  chat.end(t0 + 900);
  root.end(t0 + 950);
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}
