/**
 * bench:score: throughput of the pure scorers (all deterministic scorers on one trace each, with
 * realistic response texts from the action fixture, a tool span and retrieved documents), then of the
 * whole score job over stored traces (claim, read spans, score, write) on SQLite and PostgreSQL, after
 * a warm-up job (a running service has scored before; `--prefill N` first stores and scores N more
 * traces, to show the job's cost does not grow with the traces already scored). Each part runs
 * `--rounds` times; the CPU time per trace (user + system of this process) is printed per round with
 * the CPU spent while each store call was in flight (the job overlaps them: the next batch is read and
 * the previous one saved while one is scored), then the best and the median.
 *
 *   npm run bench:score [-- --traces 50000] [--stored-requests 160] [--rounds 3] [--prefill 0] [--postgres | --sqlite-only]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { decodeTraces } from '../collectors/index.js';
import { createLogger } from '../src/app/logger.js';
import { toSpanRows } from '../src/app/ingest/toSpanRows.js';
import { scoreTraces } from '../src/app/scoring/scoreTraces.js';
import { loadScoringSettings } from '../src/app/scoring/scoringSettings.js';
import { computeTraceFacts } from '../src/domain/facts/index.js';
import type { SpanFacts, TraceFacts } from '../src/domain/facts/types.js';
import { scoreTrace } from '../src/domain/scoring/scoreTrace.js';
import { DEFAULT_SCORER_CONFIG, type ScorerConfig } from '../src/domain/scoring/scoringConfig.js';
import type { ScorerInput, ScoringSpan } from '../src/domain/scoring/types.js';
import { decodeChunk } from '../src/app/ingest/spanChunkCodec.js';
import type { ScoringStore } from '../src/app/scoring/scoringPorts.js';
import { openDatabase, type Database } from '../src/store/openDatabase.js';
import { readScoringSpans } from '../src/store/scoring/readScoringSpans.js';
import { postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabase.js';
import { buildTemplates, stamp } from './support/otlpTemplates.js';

const { values: opts } = parseArgs({
  options: {
    traces: { type: 'string', default: '50000' },
    'stored-requests': { type: 'string', default: '160' },
    prefill: { type: 'string', default: '0' },
    rounds: { type: 'string', default: '3' },
    postgres: { type: 'boolean', default: false },
    'sqlite-only': { type: 'boolean', default: false },
  },
});

const facts = (over: Partial<SpanFacts>): SpanFacts => ({
  operation: 'other', provider: null, requestModel: null, responseModel: null, inputTokens: null, outputTokens: null, costUsd: null,
  finishReasons: [], finishClasses: [], toolName: null, isError: false, errorType: null, ttftMs: null, sessionId: null, userId: null,
  inputText: null, outputText: null, action: null, actionReason: null, warnings: [], ...over,
});

/** CPU time of this process (user + system) in microseconds since `c0`. */
function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return c.user + c.system;
}

const load = () => `1-minute load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`;

/** Best and median of the rounds' CPU time per trace, and the throughput that CPU time alone allows. */
function summary(what: string, usPerTrace: number[]): void {
  const sorted = [...usPerTrace].sort((a, b) => a - b);
  const best = sorted[0]!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`  ${what}: best CPU ${best.toFixed(1)} us/trace (${Math.round(1e6 / best).toLocaleString('en-US')} traces per CPU-second), median ${median.toFixed(1)} us/trace; ${load()}`);
}

function pureInputs(): ScorerInput[] {
  const texts = ['tune.jsonl', 'heldout.jsonl'].flatMap((f) => readFileSync(new URL(`../test/fixtures/actions/${f}`, import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { text: string }));
  return texts.map((t, i) => {
    const trace = {
      traceId: i.toString(16).padStart(32, '0'), serviceName: 'shop', release: 'v1', environment: 'prod', rootSpanId: 'a', incomplete: false,
      startMs: 0, endMs: 900 + i, durationMs: 900 + i, spanCount: 4, models: ['gpt-4o-mini'], providers: ['openai'], inputTokens: 800, outputTokens: 120, costUsd: 0.0002,
      inferenceCalls: 1, toolCalls: 1, toolErrors: 0, toolNames: ['lookup_order'], error: false, errorTypes: [], finishReasons: ['stop'], finishClasses: ['stop'],
      lastFinishClass: 'stop', ttftMs: null, sessionId: null, userId: null, inputText: 'Where is my order 48213? It was due on May 3.', outputText: t.text, contentCaptured: true,
      action: null, actionSource: null, actionReason: null, warningCount: 0,
    } satisfies TraceFacts;
    const spans: ScoringSpan[] = [
      { spanId: 'a', parentSpanId: null, name: 'POST /chat', statusCode: 1, statusMessage: '', operation: 'agent', attributes: { 'http.route': '/chat' }, facts: facts({ operation: 'agent' }) },
      { spanId: 'b', parentSpanId: 'a', name: 'execute_tool lookup_order', statusCode: 1, statusMessage: '', operation: 'tool', attributes: {}, facts: facts({ operation: 'tool', toolName: 'lookup_order', outputText: '{"status": "shipped", "eta": "2026-05-03"}' }) },
      { spanId: 'c', parentSpanId: 'a', name: 'retrieval kb', statusCode: 1, statusMessage: '', operation: 'retrieval', attributes: { 'gen_ai.retrieval.documents': JSON.stringify([{ id: 'kb-refunds', content: 'Refunds are issued 5-7 business days after we receive the return; returns within 30 days.' }]) }, facts: facts({ operation: 'retrieval' }) },
      { spanId: 'd', parentSpanId: 'a', name: 'chat gpt-4o-mini', statusCode: 1, statusMessage: '', operation: 'inference', attributes: {}, facts: facts({ operation: 'inference', outputText: t.text }) },
    ];
    return { trace, spans };
  });
}

function benchPure(n: number, rounds: number): void {
  const inputs = pureInputs();
  const config: ScorerConfig = { ...DEFAULT_SCORER_CONFIG, budgets: [{ route: '/chat', latencyMs: 1000, costUsd: 0.01 }], formats: [] };
  for (let i = 0; i < 2000; i++) scoreTrace(inputs[i % inputs.length]!, config); // warm-up
  const cpu: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let flags = 0;
    for (let i = 0; i < n; i++) flags += scoreTrace(inputs[i % inputs.length]!, config).flags.length;
    const s = (performance.now() - t0) / 1000;
    cpu.push(cpuSince(c0) / n);
    console.log(`pure scorers (action, tool_errors, budget, groundedness, format, pii), round ${round}: ${n} traces in ${s.toFixed(2)} s = ${Math.round(n / s).toLocaleString('en-US')} traces/s (${flags} flags); CPU ${cpu.at(-1)!.toFixed(1)} us/trace`);
  }
  summary('pure scorers', cpu);
}

/** The scoring store with the CPU time while each call is in flight added to `phases` (claim, read, save; calls overlap). */
function timedStore(store: ScoringStore, phases: Record<string, number>): ScoringStore {
  const timed = <A extends unknown[], R>(name: string, fn: (...a: A) => Promise<R>) => async (...a: A): Promise<R> => {
    const c0 = process.cpuUsage();
    try {
      return await fn(...a);
    } finally {
      phases[name] = (phases[name] ?? 0) + cpuSince(c0);
    }
  };
  return Object.assign(Object.create(store) as ScoringStore, {
    claimTraces: timed('claim', store.claimTraces.bind(store)),
    loadTraces: timed('read', store.loadTraces.bind(store)),
    saveScoring: timed('save', store.saveScoring.bind(store)),
  });
}

/** CPU per stored trace of reading its spans the full way (decode every span, recompute its facts) and the scoring way. */
async function compareReads(db: Database): Promise<string> {
  const chunks = await db.sql.all<{ project_id: string; body: Uint8Array }>('SELECT project_id, body FROM span_chunks ORDER BY id LIMIT 1000');
  const run = (read: (c: { project_id: string; body: Uint8Array }) => unknown) => {
    for (const c of chunks) read(c);
    const c0 = process.cpuUsage();
    for (let k = 0; k < 3; k++) for (const c of chunks) read(c);
    return cpuSince(c0) / (3 * chunks.length);
  };
  const full = run((c) => decodeChunk(c.project_id, c.body));
  const shallow = run((c) => readScoringSpans(c.body));
  return `reading one trace's spans (8): full rebuild ${full.toFixed(1)} us CPU, scoring read ${shallow.toFixed(1)} us CPU`;
}

/**
 * Scoring updates a row of traces and of trace_scoring per trace; after a prefill of many traces,
 * PostgreSQL's autovacuum (on by default) would vacuum and re-analyze those tables. Where this server
 * has it off, the benchmark does what it would, once after the warm-up (not timed). Without a prefill
 * it does not: statistics taken of the warm-up's tiny tables would mislead the planner once each round
 * has grown them many times over (autovacuum re-analyzes as they grow).
 */
async function vacuum(db: Database): Promise<string> {
  const [setting] = await db.sql.all<{ autovacuum: string }>('SHOW autovacuum');
  if (setting?.autovacuum === 'on') return 'autovacuum is on';
  for (const table of ['traces', 'trace_scoring', 'span_chunks']) await db.sql.run(`VACUUM ANALYZE ${table}`);
  return 'autovacuum is off on this server: ran VACUUM ANALYZE on traces, trace_scoring and span_chunks after the warm-up, as autovacuum would';
}

async function benchJob(kind: 'sqlite' | 'postgres', requests: number, rounds: number, prefillTraces: number): Promise<void> {
  const target = kind === 'postgres' ? postgresBenchDatabase() : sqliteBenchDatabase({ synchronous: 'normal' });
  const db = await openDatabase(target.databaseUrl);
  try {
    const projectId = (await db.control.createProject('bench')).id;
    const templates = buildTemplates(8, 512);
    let sent = 0;
    const fill = async (n: number) => {
      for (let i = 0; i < n; i++) {
        sent++;
        const decoded = decodeTraces(stamp(templates[sent % templates.length]!, sent), 'protobuf');
        if (!decoded.ok) throw new Error('template did not decode');
        await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
      }
    };
    const settings = loadScoringSettings({ TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_SCORING_BATCH: '1000' });
    if (!settings.ok) throw new Error(settings.message);
    const phases: Record<string, number> = {};
    const deps = { scoring: timedStore(db.scoring, phases), settings: settings.settings, holder: 'bench', logger: createLogger('silent'), onScored: [] };
    await fill(4 + Math.ceil(prefillTraces / 64));
    const warm = await scoreTraces(deps, Date.now() + 1000, { budgetMs: 3_600_000 }); // warm-up: a running service has scored before
    console.log(`score job on ${kind}: ${warm.scored.toLocaleString('en-US')} traces stored and scored before the rounds`);
    if (kind === 'postgres' && prefillTraces > 0) console.log(`  ${await vacuum(db)}`);
    const cpu: number[] = [];
    for (let round = 1; round <= rounds; round++) {
      await fill(requests);
      for (const k of Object.keys(phases)) delete phases[k];
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const counts = await scoreTraces(deps, Date.now() + 1000, { budgetMs: 600_000 });
      const s = (performance.now() - t0) / 1000;
      const total = cpuSince(c0);
      const n = Math.max(1, counts.scored);
      cpu.push(total / n);
      const split = ['claim', 'read', 'save'].map((k) => `${k} ${((phases[k] ?? 0) / n).toFixed(1)}`);
      console.log(
        `score job on ${kind}, round ${round}: ${counts.scored} stored traces of 8 spans claimed, read, scored and written in ${s.toFixed(2)} s = ` +
          `${Math.round(counts.scored / s).toLocaleString('en-US')} traces/s (${counts.batches} batches); CPU ${cpu.at(-1)!.toFixed(1)} us/trace (in flight: ${split.join(', ')})`,
      );
    }
    summary(`score job on ${kind}`, cpu);
    console.log(`  ${await compareReads(db)}`);
  } finally {
    await db.close();
    await target.cleanup();
  }
}

async function main(): Promise<void> {
  const rounds = Math.max(1, Number(opts.rounds));
  console.log(`node ${process.version}; ${load()}`);
  benchPure(Number(opts.traces), rounds);
  const requests = Number(opts['stored-requests']);
  const prefill = Number(opts.prefill);
  if (!opts.postgres) await benchJob('sqlite', requests, rounds, prefill);
  if (!opts['sqlite-only']) await benchJob('postgres', requests, rounds, prefill);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
