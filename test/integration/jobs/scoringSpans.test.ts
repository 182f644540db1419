/**
 * The score job reads stored spans shallowly (readScoringSpans: ids, name, status, operation; the rest
 * on demand). Here the same stored traces, written from protobuf and from OTLP JSON bodies on SQLite
 * and PostgreSQL, are read both ways: the full rebuild (decodeChunk, facts recomputed) and the job's
 * loadTraces. Every field a scorer can read and every scorer's result must be identical.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraces } from '../../../collectors/index.js';
import { decodeChunk } from '../../../src/app/ingest/spanChunkCodec.js';
import { toSpanRows } from '../../../src/app/ingest/toSpanRows.js';
import type { SpanRow } from '../../../src/app/ports.js';
import type { TraceKey } from '../../../src/app/scoring/scoringPorts.js';
import { compareSpans, computeTraceFacts } from '../../../src/domain/facts/index.js';
import { scoreTrace } from '../../../src/domain/scoring/scoreTrace.js';
import { DEFAULT_SCORER_CONFIG, type ScorerConfig } from '../../../src/domain/scoring/scoringConfig.js';
import type { ScoringSpan } from '../../../src/domain/scoring/types.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { buildTemplates, stamp } from '../../../bench/support/otlpTemplates.js';
import { postgresTestUrl } from '../../support/startTestServer.js';

const CONFIG: ScorerConfig = {
  ...DEFAULT_SCORER_CONFIG,
  budgets: [{ route: '/chat', latencyMs: 500, costUsd: 0.000001 }, { service: 'kb-bot', latencyMs: 100 }],
  formats: [{ route: '/orders', schema: { type: 'object', required: ['orderId'] } }],
};

/** Traces in many conventions: tool errors (hard and soft), escalation tools and handoffs, retrieval documents, routes, explicit actions. */
function sdkSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'kb-bot', 'service.version': '1.4.0', 'deployment.environment.name': 'prod' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('scoring-spans-test', '1.0.0');
  const t0 = Date.now() - 60_000;
  const chat = (answer: string) => ({
    'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 40,
    'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Where is order 48213? It was due on May 3.' }] }]),
    'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: answer }], finish_reason: 'stop' }]),
  });
  const scenarios: Array<{ root: [string, Attributes]; children: Array<[string, Attributes, 'error' | 'ok']> }> = [
    { root: ['POST /chat', { 'http.route': '/chat' }], children: [
      ['execute_tool lookup_order', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.result': '{"error": "order not found"}' }, 'ok'],
      ['execute_tool refund_order', { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'refund_order' }, 'error'],
      ['chat gpt-4o-mini', chat('Order 48213 ships on May 5 for $12.50; call +1 415 555 0100 or write to a@b.co.'), 'ok'],
    ] },
    { root: ['invoke_agent support', { 'gen_ai.operation.name': 'invoke_agent' }], children: [
      ['retrieve kb', { 'openinference.span.kind': 'RETRIEVER', 'retrieval.documents.0.document.id': 'kb-refunds', 'retrieval.documents.0.document.content': 'Refunds take 5-7 business days within 30 days.', 'retrieval.documents.1.document.id': 'kb-ship' }, 'ok'],
      ['retrieval docs', { 'gen_ai.operation.name': 'retrieval', 'gen_ai.retrieval.documents': JSON.stringify([{ id: 'kb-x', content: 'Orders ship in 2 days.' }]) }, 'ok'],
      ['chat gpt-4o-mini', chat('Refunds take 5-7 business days [1], shipping 14 days [3]. Source: kb-nope'), 'ok'],
    ] },
    { root: ['POST /orders', { 'http.route': '/orders' }], children: [
      ['transfer_to_human', { 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'transfer_to_human', 'traceloop.entity.output': 'Traceback (most recent call last): boom' }, 'ok'],
      ['chat gpt-4o-mini', chat('{"orderId": 7}'), 'ok'],
    ] },
    { root: ['agent run', { 'langfuse.observation.type': 'agent', 'tracegate.action': 'refuse' }], children: [
      ['handoff billing_team', { 'openinference.span.kind': 'AGENT', 'output.value': 'handed over' }, 'ok'],
      ['llm call', { 'llm.request.type': 'chat', 'gen_ai.completion.0.content': 'I cannot help with that.', 'gen_ai.completion.0.role': 'assistant' }, 'ok'],
    ] },
    { root: ['ai.generateText', { 'ai.operationId': 'ai.generateText' }], children: [
      ['ai.toolCall', { 'ai.toolCall.name': 'weather', 'ai.toolCall.result': '{"status": 503}' }, 'ok'],
      ['ai.generateText.doGenerate', { 'ai.response.text': 'I do not have access to live weather data.', 'ai.model.id': 'gpt-4o' }, 'ok'],
    ] },
  ];
  scenarios.forEach((s, i) => {
    const start = t0 + i * 5000;
    const root = tracer.startSpan(s.root[0], { kind: SpanKind.SERVER, startTime: start, attributes: s.root[1] });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    s.children.forEach(([name, attributes, status], c) => {
      const span = tracer.startSpan(name, { kind: SpanKind.INTERNAL, startTime: start + 10 + c * 100, attributes }, ctx);
      if (c === 0) span.addEvent('exception', { 'exception.type': 'TimeoutError' }, start + 20);
      if (status === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream timeout' });
      span.end(start + 90 + c * 100);
    });
    root.end(start + 800);
  });
  return exporter.getFinishedSpans();
}

/** Request bodies: the SDK spans as protobuf and as OTLP JSON (different trace ids), the OTLP fixtures, bench traces. */
function bodies(): Array<{ body: Uint8Array; format: 'protobuf' | 'json' }> {
  const spans = sdkSpans();
  const json = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(spans)).replace(/"traceId":"([0-9a-f]{31})[0-9a-f]"/g, '"traceId":"$1f"');
  const fixture = (f: string) => readFileSync(new URL(`../../fixtures/otlp/${f}`, import.meta.url));
  return [
    { body: ProtobufTraceSerializer.serializeRequest(spans)!, format: 'protobuf' },
    { body: new TextEncoder().encode(json), format: 'json' },
    { body: fixture('traces-sdk.pb'), format: 'protobuf' },
    { body: fixture('traces-legacy-quirks.json'), format: 'json' },
    ...buildTemplates(2, 32).map((t, n) => ({ body: stamp(t, n + 1), format: 'protobuf' as const })),
  ];
}

/** What a scorer can read of a span (getters included). */
const readable = (s: ScoringSpan) => ({
  spanId: s.spanId, parentSpanId: s.parentSpanId, name: s.name, statusCode: s.statusCode, statusMessage: s.statusMessage,
  operation: s.operation, attributes: s.attributes, events: s.events, facts: s.facts,
});

/** Each target: a database URL, and how to close and remove it afterwards. */
const targets = [
  {
    name: 'sqlite',
    open: () => {
      const dir = mkdtempSync(join(tmpdir(), 'tracegate-scoring-spans-'));
      return { url: `file:${join(dir, 'db.sqlite')}`, remove: async (db: Database) => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      } };
    },
  },
  {
    name: 'postgres',
    open: () => {
      const schema = `scoring_spans_${process.pid}_${Date.now()}`;
      return { url: postgresTestUrl(schema), remove: async (db: Database) => {
        await db.sql.run(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await db.close();
      } };
    },
  },
];

describe.each(targets)('stored spans read for scoring on $name', ({ open }) => {
  let db: Database;
  let keys: TraceKey[];
  let target: ReturnType<typeof open>;
  beforeAll(async () => {
    target = open();
    db = await openDatabase(target.url);
    const projectId = (await db.control.createProject('scoring-spans')).id;
    for (const { body, format } of bodies()) {
      const decoded = decodeTraces(body, format);
      if (!decoded.ok) throw new Error(decoded.message);
      await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
    }
    const far = Date.now() + 60_000;
    keys = await db.scoring.claimTraces({ holder: 't', nowMs: far, quietCutoffMs: far, leaseMs: 60_000, limit: 1000 });
  });
  afterAll(async () => {
    if (db) await target.remove(db);
  });

  it('gives every scorer the same spans and the same results as the full rebuild', async () => {
    expect(keys.length).toBeGreaterThan(15);
    const chunks = await db.sql.all<{ project_id: string; trace_id: string; body: Uint8Array }>('SELECT project_id, trace_id, body FROM span_chunks ORDER BY id');
    const rebuilt = new Map<string, SpanRow[]>();
    for (const c of chunks) rebuilt.set(c.trace_id, [...(rebuilt.get(c.trace_id) ?? []), ...decodeChunk(c.project_id, c.body)]);
    const loaded = await db.scoring.loadTraces(keys);
    expect(loaded).toHaveLength(keys.length);
    const labels = new Set<string>();
    for (const { trace, spans } of loaded) {
      const full = (rebuilt.get(trace.traceId) ?? []).sort(compareSpans).map((r): ScoringSpan => ({ ...r, operation: r.facts.operation }));
      expect(spans.map(readable)).toEqual(full.map(readable));
      // Scored on fresh reads (nothing decoded yet), as the job does.
      const [fresh] = await db.scoring.loadTraces([{ projectId: trace.projectId, traceId: trace.traceId }]);
      const scoring = scoreTrace({ trace, spans: fresh!.spans }, CONFIG);
      expect(scoring).toEqual(scoreTrace({ trace, spans: full }, CONFIG));
      for (const s of scoring.scores) labels.add(`${s.name}:${s.label}`);
      for (const f of scoring.flags) labels.add(f);
    }
    // The traces exercise what the scorers read from spans.
    for (const l of ['tool_error', 'tool_soft_error', 'over_latency_budget', 'unsupported_claim', 'unknown_citation', 'format:valid', 'pii_phone', 'action:escalate']) expect(labels).toContain(l);
  });
});
