/**
 * Durability: the collector answers 200 only after a batch is committed, so every acknowledged span
 * must survive `kill -9` of the server during sustained ingest. The service runs as a child process
 * (a SIGKILL must hit a real process, not this test runner), fed by several concurrent senders posting
 * real OpenTelemetry SDK spans serialized by the SDK's own protobuf serializer. Runs on SQLite and on
 * PostgreSQL (a fresh schema, dropped afterwards); neither backend skips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { postgresTestUrl } from '../support/startTestServer.js';
import { postOtlpProtobuf, spawnServer, type ServerProcess } from '../support/serverProcess.js';
import { decodeChunk } from '../../src/app/ingest/spanChunkCodec.js';

const SENDERS = 4;
const TRACES_PER_BATCH = 25;
const SPANS_PER_TRACE = 4; // agent root, two chat calls, one tool call
/** Kill once at least this many spans are acknowledged (or the deadline passes with some acknowledged). */
const KILL_AFTER_ACKED_SPANS = 4_000;
const MIN_INGEST_MS = 1_500;
const MAX_INGEST_MS = 45_000;

type SpanKey = `${string}:${string}`;

/** Builds OTLP protobuf batches of LLM-shaped traces with the real SDK (random, unique ids). */
function createBatchBuilder(serviceName: string) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.version': '1.4.2', 'deployment.environment.name': 'test' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('tracegate-durability-test', '1.0.0');
  return async (): Promise<{ body: Buffer; keys: SpanKey[]; traceIds: string[] }> => {
    for (let t = 0; t < TRACES_PER_BATCH; t++) {
      const root = tracer.startSpan('invoke_agent support', { kind: SpanKind.SERVER, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'session.id': `s-${t % 7}` } });
      const ctx = trace.setSpan(ROOT_CONTEXT, root);
      for (let c = 0; c < 2; c++) {
        const chat = tracer.startSpan('chat gpt-4o-mini', {
          kind: SpanKind.CLIENT,
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
            'gen_ai.usage.input_tokens': 120 + c,
            'gen_ai.usage.output_tokens': 40 + t,
            'gen_ai.response.finish_reasons': [c === 0 ? 'tool_calls' : 'stop'],
          },
        }, ctx);
        chat.end();
      }
      const tool = tracer.startSpan('execute_tool lookup_order', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order' } }, ctx);
      if (t % 5 === 0) tool.setStatus({ code: SpanStatusCode.ERROR, message: 'order not found' });
      tool.end();
      root.end();
    }
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    exporter.reset();
    const body = ProtobufTraceSerializer.serializeRequest(spans);
    if (!body) throw new Error('the SDK serializer returned nothing');
    const keys = spans.map((s) => `${s.spanContext().traceId}:${s.spanContext().spanId}` as SpanKey);
    const traceIds = [...new Set(spans.map((s) => s.spanContext().traceId))];
    return { body: Buffer.from(body), keys, traceIds };
  };
}

interface IngestRun {
  acked: Set<SpanKey>;
  ackedTraces: Map<string, SpanKey[]>;
  requestsOk: number;
  requests503: number;
  /** Requests that had been sent but not answered when the server was killed. */
  unansweredAtKill: number;
  otherStatuses: number[];
  rejectedSpans: number;
}

/** Runs SENDERS concurrent senders until `kill` is due, SIGKILLs the server mid-stream, and returns what was acknowledged. */
async function ingestAndKill(server: ServerProcess): Promise<IngestRun> {
  const run: IngestRun = { acked: new Set(), ackedTraces: new Map(), requestsOk: 0, requests503: 0, unansweredAtKill: 0, otherStatuses: [], rejectedSpans: 0 };
  const agent = new http.Agent({ keepAlive: true, maxSockets: SENDERS });
  let stopping = false;
  let inflight = 0;
  const sender = async (index: number) => {
    const build = createBatchBuilder(`durability-sender-${index}`);
    while (!stopping) {
      const batch = await build();
      inflight++;
      let answer;
      try {
        answer = await postOtlpProtobuf(agent, server.url, batch.body);
      } catch {
        inflight--;
        if (stopping) return; // the server is gone: this request was never acknowledged
        throw new Error(`request failed before the kill:\n${server.log()}`);
      }
      inflight--;
      if (answer.status === 200) {
        const response = ProtobufTraceSerializer.deserializeResponse(new Uint8Array(answer.body));
        run.rejectedSpans += Number(response.partialSuccess?.rejectedSpans ?? 0);
        run.requestsOk++;
        for (const key of batch.keys) run.acked.add(key);
        for (const traceId of batch.traceIds) run.ackedTraces.set(traceId, batch.keys.filter((k) => k.startsWith(traceId)));
      } else if (answer.status === 503 || answer.status === 429) {
        run.requests503++;
        await new Promise((r) => setTimeout(r, Math.min(1000, Number(answer.retryAfter ?? 1) * 1000)));
      } else {
        run.otherStatuses.push(answer.status);
      }
    }
  };
  const started = Date.now();
  const senders = Array.from({ length: SENDERS }, (_, i) => sender(i));
  const failures = Promise.all(senders).then(() => undefined);
  // Wait for enough acknowledged spans, then kill while requests are in flight.
  while (true) {
    const elapsed = Date.now() - started;
    const enough = run.acked.size >= KILL_AFTER_ACKED_SPANS && elapsed >= MIN_INGEST_MS;
    if ((enough || (elapsed >= MAX_INGEST_MS && run.acked.size > 0)) && inflight > 0) break;
    if (elapsed >= MAX_INGEST_MS * 2) throw new Error(`no span acknowledged in ${elapsed} ms:\n${server.log()}`);
    await Promise.race([new Promise((r) => setTimeout(r, 5)), failures]);
  }
  await new Promise((r) => setTimeout(r, Math.random() * 30)); // land at an arbitrary point of a commit cycle
  while (inflight === 0) await new Promise((r) => setImmediate(r));
  stopping = true;
  run.unansweredAtKill = inflight;
  server.child.kill('SIGKILL');
  const exit = await server.exited;
  expect(exit.signal).toBe('SIGKILL');
  await failures;
  agent.destroy();
  return run;
}

/** Every (traceId, spanId) in the chunk bodies: a span counts only if its stored body decodes. */
function keysOfChunks(rows: Array<{ project_id: string; body: Uint8Array }>): Set<SpanKey> {
  const keys = new Set<SpanKey>();
  for (const r of rows) for (const s of decodeChunk(r.project_id, r.body)) keys.add(`${s.traceId.toLowerCase()}:${s.spanId.toLowerCase()}` as SpanKey);
  return keys;
}

/** Reads every stored (traceId, spanId) straight from the database file or schema. */
async function readStoredKeys(backend: Backend): Promise<Set<SpanKey>> {
  if (backend.kind === 'sqlite') {
    const db = new Database(backend.file); // read-write so an interrupted WAL is recovered, as the service would
    try {
      return keysOfChunks(db.prepare('SELECT project_id, body FROM span_chunks').all() as Array<{ project_id: string; body: Uint8Array }>);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: backend.adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ project_id: string; body: Buffer }>(`SELECT project_id, body FROM "${backend.schema}".span_chunks`);
    return keysOfChunks(rows);
  } finally {
    await client.end();
  }
}

type Backend =
  | { kind: 'sqlite'; name: string; databaseUrl: string; file: string; cleanup: () => Promise<void> }
  | { kind: 'postgresql'; name: string; databaseUrl: string; adminUrl: string; schema: string; cleanup: () => Promise<void> };

function sqliteBackend(): Backend {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-durability-'));
  const file = join(dir, 'tracegate.db');
  return { kind: 'sqlite', name: 'SQLite', databaseUrl: `file:${file}`, file, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

function postgresBackend(): Backend {
  const schema = `durability_${process.pid}_${Date.now().toString(36)}`;
  const databaseUrl = postgresTestUrl(schema);
  const adminUrl = databaseUrl.replace(/[?&]schema=[^&]*/, '');
  return {
    kind: 'postgresql',
    name: 'PostgreSQL',
    databaseUrl,
    adminUrl,
    schema,
    cleanup: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

const backends = [sqliteBackend(), postgresBackend()];
const running = new Set<ServerProcess>();

afterAll(async () => {
  for (const server of running) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  for (const backend of backends) await backend.cleanup();
});

describe.each(backends)('durability on $name', (backend) => {
  it('keeps every acknowledged span through kill -9, then restarts and serves them', { timeout: 240_000 }, async () => {
    const first = await spawnServer(backend.databaseUrl);
    running.add(first);
    const run = await ingestAndKill(first);
    running.delete(first);

    expect(run.otherStatuses).toEqual([]);
    expect(run.rejectedSpans).toBe(0);
    expect(run.acked.size).toBe(run.requestsOk * TRACES_PER_BATCH * SPANS_PER_TRACE);
    expect(run.acked.size).toBeGreaterThan(0);
    expect(run.unansweredAtKill).toBeGreaterThan(0); // the kill really landed mid-stream

    const stored = await readStoredKeys(backend);
    console.info(
      `${backend.name}: ${run.requestsOk} batches (${run.acked.size} spans) acknowledged, ${run.requests503} refused with 503, ` +
        `${run.unansweredAtKill} unanswered at kill -9; ${stored.size} spans stored`,
    );
    const lost = [...run.acked].filter((key) => !stored.has(key));
    expect(lost.length, `acknowledged spans missing after kill -9 (first: ${lost.slice(0, 3).join(', ')})`).toBe(0);
    expect(stored.size).toBeGreaterThanOrEqual(run.acked.size);

    // Restart on the same database: migrations re-apply idempotently and the API serves the spans.
    const second = await spawnServer(backend.databaseUrl);
    running.add(second);
    const health = await fetch(`${second.url}/healthz`);
    expect(health.status).toBe(200);
    const list = (await (await fetch(`${second.url}/api/traces?limit=5`)).json()) as { traces: Array<{ traceId: string }> };
    expect(list.traces.length).toBeGreaterThan(0);
    const sample = [...run.ackedTraces.entries()].filter((_, i) => i % Math.max(1, Math.floor(run.ackedTraces.size / 20)) === 0).slice(0, 20);
    for (const [traceId, keys] of sample) {
      const res = await fetch(`${second.url}/api/traces/${traceId}`);
      expect(res.status, `GET /api/traces/${traceId}`).toBe(200);
      const body = (await res.json()) as { traceId: string; spans: Array<{ spanId: string }> };
      expect(body.traceId.toLowerCase()).toBe(traceId);
      expect(body.spans.map((s) => `${traceId}:${s.spanId.toLowerCase()}`).sort()).toEqual([...keys].sort());
    }
    expect((await readStoredKeys(backend)).size).toBe(stored.size);

    second.child.kill('SIGTERM');
    const exit = await second.exited;
    running.delete(second);
    expect(exit.code, second.log()).toBe(0);
  });
});
