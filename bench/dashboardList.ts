/**
 * Dashboard read latency on a large store: fills a SQLite database with N one-span traces through the
 * span store (2 services x 4 releases, 30 days, ~2% errors), starts the service on it and times the
 * trace list's first page (the dashboard's /traces) unfiltered and filtered, plus the overview's
 * GET /api/stats/releases over the last 24 hours.
 *
 *   npx tsx bench/dashboardList.ts [--traces 1000000] [--db /path/file.db (kept; reused when filled)] [--runs 20]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SpanRow } from '../src/app/ports.js';
import { computeTraceFacts } from '../src/domain/facts/index.js';
import type { SpanFacts } from '../src/domain/facts/types.js';
import { openDatabase } from '../src/store/openDatabase.js';
import { DEFAULT_PROJECT } from '../src/main.js';
import { startTestServer } from '../test/support/startTestServer.js';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const TRACES = Number(arg('--traces') ?? 1_000_000);
const RUNS = Number(arg('--runs') ?? 20);
const BATCH = 10_000;
const DAY = 86_400_000;
const keepDb = arg('--db');
const dir = keepDb ? null : mkdtempSync(join(tmpdir(), 'tracegate-dash-bench-'));
const dbPath = keepDb ?? join(dir!, 'bench.db');
const url = `file:${dbPath}`;

const facts = (i: number): SpanFacts => ({
  operation: 'inference', provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini', inputTokens: 800, outputTokens: 90,
  costUsd: 0.00018, finishReasons: ['stop'], finishClasses: ['stop'], toolName: null, isError: i % 50 === 0, errorType: i % 50 === 0 ? 'timeout' : null,
  ttftMs: 200, sessionId: null, userId: null, inputText: null, outputText: null, action: i % 20 === 0 ? 'refuse' : 'answer', actionReason: null, warnings: [],
});

async function fill(): Promise<void> {
  const db = await openDatabase(url);
  const project = await db.control.createProject(DEFAULT_PROJECT);
  const have = await db.spans.countSpans(project.id);
  if (have >= TRACES) {
    console.log(`reusing ${dbPath}: ${have.toLocaleString('en-US')} spans stored`);
    await db.close();
    return;
  }
  const now = Date.now();
  const started = performance.now();
  for (let done = have; done < TRACES; done += BATCH) {
    const spans: SpanRow[] = [];
    for (let i = done; i < Math.min(TRACES, done + BATCH); i++) {
      const startMs = now - DAY * 30 + (i / TRACES) * DAY * 30;
      const durationMs = 300 + (i % 97) * 20;
      const service = i % 2 ? 'support-bot' : 'search-bot';
      const release = `v${1 + (i % 4)}`;
      spans.push({
        projectId: project.id, traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), parentSpanId: null, name: 'chat gpt-4o-mini', kind: 3,
        startTimeUnixNano: `${BigInt(Math.round(startMs)) * 1_000_000n}`, endTimeUnixNano: `${BigInt(Math.round(startMs + durationMs)) * 1_000_000n}`,
        startMs, durationMs, statusCode: i % 50 === 0 ? 2 : 0, statusMessage: '', serviceName: service, release, environment: 'production',
        attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini' }, resource: { 'service.name': service, 'service.version': release },
        events: [], links: [], scopeName: 'bench', scopeVersion: '1', facts: facts(i),
      });
    }
    await db.spans.writeBatch({ spans, content: [] }, computeTraceFacts);
    if ((done / BATCH) % 10 === 0) process.stdout.write(`\rfilled ${(done + spans.length).toLocaleString('en-US')} traces`);
  }
  console.log(`\rfilled ${TRACES.toLocaleString('en-US')} traces in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  await db.close();
}

async function time(base: string, path: string): Promise<{ first: number; median: number; p95: number; rows: number }> {
  const samples: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const res = await fetch(`${base}${path}`);
    const body = (await res.json()) as { traces?: unknown[]; series?: unknown[] };
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    samples.push(performance.now() - t0);
    rows = (body.traces ?? body.series ?? []).length;
  }
  const first = samples[0]!;
  const rest = samples.slice(1).sort((a, b) => a - b);
  return { first, median: rest[Math.floor(rest.length / 2)]!, p95: rest[Math.min(rest.length - 1, Math.floor(rest.length * 0.95))]!, rows };
}

await fill();
const server = await startTestServer({ databaseUrl: url, env: { TRACEGATE_JOBS: 'off' } });
try {
  console.log(`GET timings over ${TRACES.toLocaleString('en-US')} stored traces (first request, then median / p95 of ${RUNS}):`);
  for (const path of [
    '/api/traces?limit=50',
    '/api/traces?limit=50&service=support-bot',
    '/api/traces?limit=50&release=v3',
    '/api/traces?limit=50&environment=production',
    '/api/traces?limit=50&error=true',
    '/api/traces?limit=50&action=refuse',
    '/api/traces?limit=50&action=escalate',
    '/api/stats/releases',
  ]) {
    const t = await time(server.url, path);
    console.log(`  ${path.padEnd(48)} first ${t.first.toFixed(1).padStart(7)} ms   median ${t.median.toFixed(1).padStart(7)} ms   p95 ${t.p95.toFixed(1).padStart(7)} ms   (${t.rows} rows)`);
  }
} finally {
  await server.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  else if (!existsSync(dbPath)) console.log('database gone');
}
