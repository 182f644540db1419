/**
 * Real OpenTelemetry SDK spans and log records for the decoder contract suite, plus the WireSpan /
 * WireLogRecord each should decode to, computed independently from the SDK's own readable objects.
 */
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type HrTime } from '@opentelemetry/api';
import { JsonLogsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor, type ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { AttrValue, Attributes as WireAttributes, ContentFormat, WireLogRecord, WireSpan } from '../../../../collectors/index.js';

const resource = resourceFromAttributes({
  'service.name': 'chat-api',
  'service.version': '2.4.1',
  'deployment.environment.name': 'production',
  'host.cpu.count': 8,
});

/** Every attribute type the SDK accepts: strings, ints (negative, beyond 2^53), doubles incl. 1.0, bools, arrays. */
export const EVERY_TYPE_ATTRIBUTES: Attributes = {
  'gen_ai.system': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.usage.input_tokens': 1234,
  'negative.int': -42,
  'big.int': 2 ** 60,
  'big.negative.int': -(2 ** 62),
  'double.pi': 3.14159,
  'double.one': 1.0,
  'double.tiny': 1e-300,
  'bool.true': true,
  'bool.false': false,
  'array.strings': ['stop', 'length'],
  'array.ints': [1, 2, 3],
  'array.doubles': [0.5, 1.5],
  'array.bools': [true, false],
  'empty.string': '',
  'unicode.text': 'héllo wörld — 你好 🚀',
  'long.text': 'x'.repeat(300),
};

/** Ends and returns the spans of a small LLM-app trace: agent -> inference (error) + tool, with events and a link. */
export async function buildSdkSpans(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('contract-suite', '0.9.0');
  const other = tracer.startSpan('unrelated', { kind: SpanKind.SERVER });
  other.end();
  const root = tracer.startSpan('agent run', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  const ctx = trace.setSpan(context.active(), root);
  const llm = tracer.startSpan('chat gpt-4o-mini', {
    kind: SpanKind.CLIENT,
    attributes: EVERY_TYPE_ATTRIBUTES,
    links: [{ context: other.spanContext(), attributes: { 'link.reason': 'retry-of', 'link.n': 2 } }],
  }, ctx);
  llm.addEvent('gen_ai.content.prompt', { 'gen_ai.prompt': 'Say hi', 'index': 0 });
  llm.recordException(new Error('rate limited'));
  llm.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream 429' });
  llm.end();
  const tool = tracer.startSpan('execute_tool get_weather', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.tool.name': 'get_weather' } }, ctx);
  tool.setStatus({ code: SpanStatusCode.OK });
  tool.end();
  for (const kind of [SpanKind.PRODUCER, SpanKind.CONSUMER]) tracer.startSpan(`kind ${kind}`, { kind }, ctx).end();
  root.end();
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

/** Emits GenAI content log records (with and without trace context) and returns them. */
export async function buildSdkLogs(): Promise<ReadableLogRecord[]> {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('contract-logs', '1.0.0');
  const tracerProvider = new BasicTracerProvider();
  const span = tracerProvider.getTracer('t').startSpan('chat');
  const ctx = trace.setSpan(context.active(), span);
  logger.emit({
    eventName: 'gen_ai.choice',
    context: ctx,
    body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi!' }, tokens: [1, 2], raw: new Uint8Array([0, 1, 254, 255]) },
    attributes: { 'gen_ai.system': 'openai', 'big': 2 ** 60, 'ratio': 0.25 },
    severityNumber: 9,
    severityText: 'INFO',
  });
  logger.emit({ body: 'plain text without trace context', attributes: { 'event.name': 'gen_ai.user.message' } });
  span.end();
  await provider.forceFlush();
  return exporter.getFinishedLogRecords();
}

function nanos(t: HrTime): string {
  return (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();
}

/** The AttrValue an SDK attribute value should decode to (int64 rule, bytes as base64, maps as objects). */
export function expectedAttr(v: unknown): AttrValue {
  if (typeof v === 'number') return Number.isInteger(v) && !Number.isSafeInteger(v) ? BigInt(v).toString() : v;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(expectedAttr);
  if (v !== null && typeof v === 'object') return expectedAttrs(v as Record<string, unknown>);
  return null;
}

/** expectedAttr applied to every value of an attribute map. */
export function expectedAttrs(attrs: Record<string, unknown>): WireAttributes {
  return Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, expectedAttr(v)]));
}

/** The WireSpan a decoder must produce for one SDK span. */
export function expectedWireSpan(s: ReadableSpan): WireSpan {
  return {
    traceId: s.spanContext().traceId,
    spanId: s.spanContext().spanId,
    parentSpanId: s.parentSpanContext?.spanId ?? null,
    name: s.name,
    kind: (s.kind + 1) as WireSpan['kind'],
    startTimeUnixNano: nanos(s.startTime),
    endTimeUnixNano: nanos(s.endTime),
    attributes: expectedAttrs(s.attributes),
    events: s.events.map((e) => ({ timeUnixNano: nanos(e.time), name: e.name, attributes: expectedAttrs(e.attributes ?? {}) })),
    links: s.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, attributes: expectedAttrs(l.attributes ?? {}) })),
    status: { code: s.status.code as WireSpan['status']['code'], message: s.status.message ?? '' },
    resource: expectedAttrs(s.resource.attributes),
    scope: { name: s.instrumentationScope.name, version: s.instrumentationScope.version ?? '' },
  };
}

/** The WireLogRecord a decoder must produce for one SDK log record. */
export function expectedWireLog(l: ReadableLogRecord): WireLogRecord {
  const attrs = expectedAttrs(l.attributes);
  const attrEvent = attrs['event.name'];
  return {
    traceId: l.spanContext?.traceId ?? null,
    spanId: l.spanContext?.spanId ?? null,
    timeUnixNano: nanos(l.hrTime),
    eventName: l.eventName ?? (typeof attrEvent === 'string' ? attrEvent : null),
    body: expectedAttr(l.body),
    attributes: attrs,
    resource: expectedAttrs(l.resource.attributes),
  };
}

/** Serializes SDK spans the way the real exporter for `format` does. */
export function serializeSpans(format: ContentFormat, spans: ReadableSpan[]): Uint8Array {
  const bytes = (format === 'json' ? JsonTraceSerializer : ProtobufTraceSerializer).serializeRequest(spans);
  if (!bytes) throw new Error('serializer returned nothing');
  return bytes;
}

/** Serializes SDK log records the way the real exporter for `format` does. */
export function serializeLogs(format: ContentFormat, logs: ReadableLogRecord[]): Uint8Array {
  const bytes = (format === 'json' ? JsonLogsSerializer : ProtobufLogsSerializer).serializeRequest(logs);
  if (!bytes) throw new Error('serializer returned nothing');
  return bytes;
}

/** A decode result with each span's `raw` bytes (protobuf only) left out, to compare formats. */
export function withoutRaw<T extends { ok: boolean }>(result: T): T {
  if (!result.ok || !('items' in result)) return result;
  const items = (result as unknown as { items: Array<{ raw?: unknown }> }).items.map(({ raw: _raw, ...rest }) => rest);
  return { ...result, items };
}
