/**
 * Span store throughput: batches of 512 realistic LLM spans (64 traces x 8 spans, GenAI attributes,
 * per-span facts) written through SpanStore.writeBatch with the domain's computeTraceFacts, one batch
 * at a time (each a durable commit). Prints spans/s per database and durability setting.
 *
 *   npx tsx bench/store.ts [--batches 60] [--spans-per-commit 512] [--pg postgres://...:5432/test] [--no-pg]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SpanRow } from '../src/app/ports.js';
import { computeTraceFacts } from '../src/domain/facts/index.js';
import type { SpanFacts } from '../src/domain/facts/types.js';
import { openDatabase } from '../src/store/openDatabase.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const BATCHES = Number(arg('--batches') ?? 60);
const PG_URL = arg('--pg') ?? process.env.TRACEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Spans per writeBatch call: 512 = one OTLP request; larger = the service's group commit. */
const SPANS_PER_BATCH = Number(arg('--spans-per-commit') ?? 512);
const SPANS_PER_TRACE = 8;

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const resource = { 'service.name': 'chat-api', 'service.version': 'v1.4.2', 'deployment.environment.name': 'prod', 'telemetry.sdk.language': 'nodejs' };

function facts(i: number): SpanFacts {
  const inference = i % SPANS_PER_TRACE !== 0;
  return {
    operation: inference ? 'inference' : 'agent', provider: inference ? 'openai' : null, requestModel: inference ? 'gpt-4o-mini' : null,
    responseModel: inference ? 'gpt-4o-mini-2024-07-18' : null, inputTokens: inference ? 812 : null, outputTokens: inference ? 96 : null,
    costUsd: inference ? 0.000179 : null, finishReasons: inference ? ['stop'] : [], finishClasses: inference ? ['stop'] : [], toolName: null,
    isError: false, errorType: null, ttftMs: inference ? 231.5 : null, sessionId: 'sess-42', userId: 'user-7', inputText: null,
    outputText: null, action: null, actionReason: null, warnings: [],
  };
}

function makeBatch(projectId: string, t0: number): SpanRow[] {
  const spans: SpanRow[] = [];
  for (let t = 0; t < SPANS_PER_BATCH / SPANS_PER_TRACE; t++) {
    const traceId = hex(16);
    const rootId = hex(8);
    for (let s = 0; s < SPANS_PER_TRACE; s++) {
      const startMs = t0 + t * 10 + s;
      const durationMs = s === 0 ? 1800 : 150 + s;
      spans.push({
        projectId, traceId, spanId: s === 0 ? rootId : hex(8), parentSpanId: s === 0 ? null : rootId, name: s === 0 ? 'agent.run' : 'chat gpt-4o-mini',
        kind: s === 0 ? 1 : 3, startTimeUnixNano: `${BigInt(startMs) * 1_000_000n}`, endTimeUnixNano: `${BigInt(startMs + durationMs) * 1_000_000n}`,
        startMs, durationMs, statusCode: 0, statusMessage: '', serviceName: 'chat-api', release: 'v1.4.2', environment: 'prod',
        attributes: {
          'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
          'gen_ai.usage.input_tokens': 812, 'gen_ai.usage.output_tokens': 96, 'gen_ai.response.finish_reasons': ['stop'], 'gen_ai.request.temperature': 0.2,
          'server.address': 'api.openai.com', 'http.response.status_code': 200, 'session.id': 'sess-42', 'user.id': 'user-7',
        },
        resource, events: [], links: [], scopeName: '@opentelemetry/instrumentation-openai', scopeVersion: '0.21.0', facts: facts(s),
      });
    }
  }
  return spans;
}

async function run(label: string, databaseUrl: string): Promise<void> {
  const db = await openDatabase(databaseUrl);
  try {
    const projectId = (await db.control.createProject('bench')).id;
    const batches = Array.from({ length: BATCHES + 3 }, (_, i) => makeBatch(projectId, 1_790_000_000_000 + i * 1000));
    for (const b of batches.slice(0, 3)) await db.spans.writeBatch({ spans: b, content: [] }, computeTraceFacts); // warm-up
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const b of batches.slice(3)) await db.spans.writeBatch({ spans: b, content: [] }, computeTraceFacts);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const spans = BATCHES * SPANS_PER_BATCH;
    const stored = await db.spans.countSpans(projectId);
    console.log(
      `${label.padEnd(34)} ${String(Math.round(spans / seconds)).padStart(8)} spans/s  ` +
        `(${spans} spans in ${BATCHES} batches of ${SPANS_PER_BATCH}, ${(seconds * 1000 / BATCHES).toFixed(1)} ms/batch; ` +
        `this process used ${Math.round(spans / cpuSeconds)} spans per CPU-second; stored ${stored})`,
    );
  } finally {
    await db.close();
  }
}

console.log(`load average before: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} on ${cpus().length} CPUs`);
const dir = mkdtempSync(join(tmpdir(), 'tracegate-bench-'));
try {
  await run('SQLite WAL synchronous=FULL', `file:${join(dir, 'full.db')}`);
  await run('SQLite WAL synchronous=NORMAL', `file:${join(dir, 'normal.db')}?synchronous=normal`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (!process.argv.includes('--no-pg')) {
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  try {
    await run('PostgreSQL (unnest, one tx/batch)', url.toString());
  } finally {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
