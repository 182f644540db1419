/**
 * Realistic OTLP protobuf request bodies for the benchmarks: multi-span LLM traces (agent root, chat
 * calls with GenAI attributes and content, tool calls, an HTTP client span) built once by the real
 * OpenTelemetry SDK and serialized by the real serializer, then re-stamped with fresh ids per send.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

const MODELS = [
  { provider: 'openai', model: 'gpt-4o-mini', response: 'gpt-4o-mini-2024-07-18', host: 'api.openai.com' },
  { provider: 'anthropic', model: 'claude-sonnet-4-5', response: 'claude-sonnet-4-5-20250929', host: 'api.anthropic.com' },
  { provider: 'openai', model: 'gpt-4.1', response: 'gpt-4.1-2025-04-14', host: 'api.openai.com' },
] as const;
const TOOLS = ['lookup_order', 'refund_order', 'search_kb', 'get_weather'] as const;

/**
 * `count` templates of `spansPerRequest` spans each, their ids distinct across all of them, in traces of
 * `spansPerTrace` spans (1: one chat span; 2: agent root + chat; up to 8: + tool, chat and HTTP spans).
 */
export function buildTemplates(count: number, spansPerRequest: number, spansPerTrace = 8): Template[] {
  if (!Number.isInteger(spansPerTrace) || spansPerTrace < 1 || spansPerTrace > 8) throw new Error(`spans per trace must be 1..8, got ${spansPerTrace}`);
  const ids = sequentialIds();
  return Array.from({ length: count }, (_, i) => buildTemplate(i, spansPerRequest, spansPerTrace, ids));
}

/** Span ids `rrrrrrrr` + 8-hex sequence (trace ids likewise): rewriting the first 4 bytes keeps them unique. */
function sequentialIds() {
  let seq = 1;
  const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return {
    generateTraceId: () => `ffffffff${hex8(Math.random() * 2 ** 32)}${hex8(Math.random() * 2 ** 32)}${hex8(seq++)}`,
    generateSpanId: () => `ffffffff${hex8(seq++)}`,
  };
}

/** One template request: protobuf bytes plus the offsets of every id field (trace 16 B, span/parent 8 B). */
export interface Template {
  bytes: Buffer;
  idOffsets: number[];
  /** Offsets of every fixed64 time field (span start/end, event time). */
  timeOffsets: number[];
  /** The earliest span start in the template (Unix nanoseconds). */
  startNanos: bigint;
  spans: number;
}

function buildTemplate(index: number, spansWanted: number, spansPerTrace: number, idGenerator: ReturnType<typeof sequentialIds>): Template {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    idGenerator,
    resource: resourceFromAttributes({
      'service.name': `support-bot-${index % 2}`,
      'service.version': `2.${index % 3}.0`,
      'deployment.environment.name': index % 4 === 0 ? 'canary' : 'production',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'host.name': `pod-${index}`,
    }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-openai', '0.21.0');
  let made = 0;
  let t = 0;
  const now = Date.now() - 60_000;
  while (made < spansWanted) {
    const m = MODELS[(index + t) % MODELS.length]!;
    const tool = TOOLS[(index + t) % TOOLS.length]!;
    const start = now + t * 50;
    const common: Attributes = { 'session.id': `sess-${index}-${t % 17}`, 'user.id': `user-${t % 101}`, 'gen_ai.conversation.id': `conv-${index}-${t}` };
    const root = spansPerTrace === 1
      ? tracer.startSpan(`chat ${m.model}`, { kind: SpanKind.CLIENT, startTime: start, attributes: { ...common, ...chatAttributes(m, index, t, 0, true, tool) } })
      : tracer.startSpan('invoke_agent support-agent', {
        kind: SpanKind.INTERNAL,
        startTime: start,
        attributes: { ...common, 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent', 'gen_ai.provider.name': m.provider },
      });
    made++;
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    const children = Math.min(spansPerTrace - 1, spansWanted - made);
    for (let c = 0; c < children; c++, made++) {
      const at = start + 5 + c * 120;
      if (c === 2 || c === 5) {
        const span = tracer.startSpan(`execute_tool ${tool}`, {
          kind: SpanKind.INTERNAL,
          startTime: at,
          attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool, 'gen_ai.tool.type': 'function', 'gen_ai.tool.call.id': `call_${t}_${c}` },
        }, ctx);
        if ((t + c) % 23 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `${tool} failed: upstream timeout` });
        span.end(at + 40);
      } else if (c === 6) {
        const span = tracer.startSpan('POST', { kind: SpanKind.CLIENT, startTime: at, attributes: { 'http.request.method': 'POST', 'server.address': m.host, 'url.full': `https://${m.host}/v1/chat/completions`, 'http.response.status_code': 200 } }, ctx);
        span.end(at + 90);
      } else {
        const last = c === 4 || c === children - 1;
        const span = tracer.startSpan(`chat ${m.model}`, { kind: SpanKind.CLIENT, startTime: at, attributes: chatAttributes(m, index, t, c, last, tool) }, ctx);
        span.addEvent('gen_ai.content.first_token', { 'gen_ai.response.time_to_first_chunk': 0.31 }, at + 310);
        span.end(at + 100 + ((t * 7 + c) % 900));
      }
    }
    if (spansPerTrace === 1) root.addEvent('gen_ai.content.first_token', { 'gen_ai.response.time_to_first_chunk': 0.31 }, start + 310);
    root.end(start + 1000);
    t++;
  }
  const spans = exporter.getFinishedSpans();
  if (spans.length !== spansWanted) throw new Error(`built ${spans.length} spans, wanted ${spansWanted}`);
  const bytes = ProtobufTraceSerializer.serializeRequest(spans);
  if (!bytes) throw new Error('the SDK serializer returned nothing');
  const buffer = Buffer.from(bytes);
  const { ids, times } = findOffsets(buffer);
  if (ids.length !== spans.length * 2 + spans.filter((s) => s.parentSpanContext).length) throw new Error('id offsets do not match the span count');
  if (times.length !== spans.length * 2 + spans.reduce((n, s) => n + s.events.length, 0)) throw new Error('time offsets do not match the spans');
  const startNanos = spans.reduce((min, s) => {
    const at = BigInt(s.startTime[0]) * 1_000_000_000n + BigInt(s.startTime[1]);
    return at < min ? at : min;
  }, BigInt(Number.MAX_SAFE_INTEGER) * 1_000_000n);
  return { bytes: buffer, idOffsets: ids, timeOffsets: times, startNanos, spans: spans.length };
}

/** The GenAI attributes of one chat span (`last`: the final answer, else a tool call). */
function chatAttributes(m: (typeof MODELS)[number], index: number, t: number, c: number, last: boolean, tool: string): Attributes {
  return {
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': m.provider,
    'gen_ai.system': m.provider,
    'gen_ai.request.model': m.model,
    'gen_ai.request.temperature': 0.2,
    'gen_ai.request.max_tokens': 1024,
    'gen_ai.response.model': m.response,
    'gen_ai.response.id': `chatcmpl-${index}${t}${c}`,
    'gen_ai.response.finish_reasons': [last ? 'stop' : 'tool_calls'],
    'gen_ai.usage.input_tokens': 800 + ((t * 37 + c) % 400),
    'gen_ai.usage.output_tokens': 40 + ((t * 13 + c) % 200),
    'server.address': m.host,
    'server.port': 443,
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Where is my order #${1000 + t}? It was due yesterday.` }] }]),
    'gen_ai.output.messages': JSON.stringify([
      last
        ? { role: 'assistant', parts: [{ type: 'text', content: `Order #${1000 + t} ships today; you will get a tracking link by email.` }], finish_reason: 'stop' }
        : { role: 'assistant', parts: [{ type: 'tool_call', id: `call_${t}_${c}`, name: tool, arguments: { orderId: 1000 + t } }], finish_reason: 'tool_call' },
    ]),
  };
}

/** A template from any ExportTraceServiceRequest body (e.g. one a NodeSDK exporter sent). */
export function templateFromBody(bytes: Buffer, spans: number, startNanos: bigint): Template {
  const { ids, times } = findOffsets(bytes);
  return { bytes, idOffsets: ids, timeOffsets: times, startNanos, spans };
}

function readVarint(buf: Buffer, pos: number): [number, number] {
  let value = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [value, pos];
    shift += 7;
  }
}

/**
 * Walks ExportTraceServiceRequest -> ResourceSpans(1) -> ScopeSpans(2) -> Span(2) [-> Event(11)] and
 * returns the offsets of every id field (trace 1, span 2, parent 4) and fixed64 time field (span start 7,
 * end 8; event time 1).
 */
function findOffsets(buf: Buffer): { ids: number[]; times: number[] } {
  const ids: number[] = [];
  const times: number[] = [];
  const walk = (start: number, end: number, depth: number) => {
    let pos = start;
    while (pos < end) {
      let tag: number;
      [tag, pos] = readVarint(buf, pos);
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (wire === 0) [, pos] = readVarint(buf, pos);
      else if (wire === 1) {
        if ((depth === 3 && (field === 7 || field === 8)) || (depth === 4 && field === 1)) times.push(pos);
        pos += 8;
      } else if (wire === 5) pos += 4;
      else if (wire === 2) {
        let len: number;
        [len, pos] = readVarint(buf, pos);
        if (depth < 3 && (depth === 0 ? field === 1 : field === 2)) walk(pos, pos + len, depth + 1);
        else if (depth === 3 && field === 11) walk(pos, pos + len, 4);
        else if (depth === 3 && (field === 1 || field === 2 || field === 4)) ids.push(pos);
        pos += len;
      } else throw new Error(`unexpected wire type ${wire}`);
    }
  };
  walk(0, buf.length, 0);
  return { ids, times };
}

/**
 * A copy of the template, re-stamped. Times: every span and event time moves by the same amount so the
 * earliest span starts at `startNanos` (default: now), as live traffic's timestamps advance (a fixed
 * template time would scatter the time-ordered trace indexes). Ids get new first 4 bytes: the request counter through an odd
 * multiplier (a bijection mod 2^32) XOR a hash of the id's next 4 bytes. For one template id, distinct
 * requests give distinct prefixes, so ids stay unique (the rest of each template id is unique), a
 * parent link rewrites exactly like its span id, and every trace lands at a random place in the id
 * space, as real random trace ids do (sequential prefixes would hide the cost of random index inserts).
 */
export function stamp(template: Template, counter: number, startNanos = BigInt(Date.now()) * 1_000_000n): Buffer {
  const body = Buffer.from(template.bytes);
  const shift = startNanos - template.startNanos;
  for (const offset of template.timeOffsets) body.writeBigUInt64LE(body.readBigUInt64LE(offset) + shift, offset);
  const base = Math.imul(counter, 0x9e3779b1);
  for (const offset of template.idOffsets) body.writeUInt32BE((base ^ Math.imul(body.readUInt32BE(offset + 4), 0x85ebca6b)) >>> 0, offset);
  return body;
}
