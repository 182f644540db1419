/**
 * bench:score: throughput of the pure scorers (all deterministic scorers on one trace each, with
 * realistic response texts from the action fixture, a tool span and retrieved documents), then of the
 * whole score job over stored traces (claim, read spans, score, write) on SQLite and PostgreSQL.
 *
 *   npm run bench:score [-- --traces 50000] [--stored-requests 40] [--postgres | --sqlite-only]
 */
import { readFileSync } from 'node:fs';
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
import { openDatabase } from '../src/store/openDatabase.js';
import { postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabase.js';
import { buildTemplates, stamp } from './support/otlpTemplates.js';

const { values: opts } = parseArgs({
  options: {
    traces: { type: 'string', default: '50000' },
    'stored-requests': { type: 'string', default: '40' },
    postgres: { type: 'boolean', default: false },
    'sqlite-only': { type: 'boolean', default: false },
  },
});

const facts = (over: Partial<SpanFacts>): SpanFacts => ({
  operation: 'other', provider: null, requestModel: null, responseModel: null, inputTokens: null, outputTokens: null, costUsd: null,
  finishReasons: [], finishClasses: [], toolName: null, isError: false, errorType: null, ttftMs: null, sessionId: null, userId: null,
  inputText: null, outputText: null, action: null, actionReason: null, warnings: [], ...over,
});

/** CPU time of this process (user + system) per trace since `c0`, and the throughput that CPU time alone allows. */
function cpuPerTrace(c0: NodeJS.CpuUsage, n: number): string {
  const c = process.cpuUsage(c0);
  const us = (c.user + c.system) / Math.max(1, n);
  return `CPU ${us.toFixed(1)} us/trace = ${Math.round(1e6 / us).toLocaleString('en-US')} traces per CPU-second`;
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

function benchPure(n: number): void {
  const inputs = pureInputs();
  const config: ScorerConfig = { ...DEFAULT_SCORER_CONFIG, budgets: [{ route: '/chat', latencyMs: 1000, costUsd: 0.01 }], formats: [] };
  for (let i = 0; i < 2000; i++) scoreTrace(inputs[i % inputs.length]!, config); // warm-up
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let flags = 0;
  for (let i = 0; i < n; i++) flags += scoreTrace(inputs[i % inputs.length]!, config).flags.length;
  const s = (performance.now() - t0) / 1000;
  console.log(`pure scorers (action, tool_errors, budget, groundedness, format, pii): ${n} traces in ${s.toFixed(2)} s = ${Math.round(n / s).toLocaleString('en-US')} traces/s (${flags} flags); ${cpuPerTrace(c0, n)}`);
}

async function benchJob(kind: 'sqlite' | 'postgres', requests: number): Promise<void> {
  const target = kind === 'postgres' ? postgresBenchDatabase() : sqliteBenchDatabase({ synchronous: 'normal' });
  const db = await openDatabase(target.databaseUrl);
  try {
    const projectId = (await db.control.createProject('bench')).id;
    const templates = buildTemplates(8, 512);
    for (let n = 1; n <= requests; n++) {
      const decoded = decodeTraces(stamp(templates[n % templates.length]!, n), 'protobuf');
      if (!decoded.ok) throw new Error('template did not decode');
      await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
    }
    const settings = loadScoringSettings({ TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_SCORING_BATCH: '1000' });
    if (!settings.ok) throw new Error(settings.message);
    const deps = { scoring: db.scoring, settings: settings.settings, holder: 'bench', logger: createLogger('silent'), onScored: [] };
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const counts = await scoreTraces(deps, Date.now() + 1000, { budgetMs: 600_000 });
    const s = (performance.now() - t0) / 1000;
    const spans = await db.spans.countSpans(projectId);
    console.log(`score job on ${kind}: ${counts.scored} stored traces (${spans} spans) claimed, read, scored and written in ${s.toFixed(2)} s = ${Math.round(counts.scored / s).toLocaleString('en-US')} traces/s (${counts.batches} batches); ${cpuPerTrace(c0, counts.scored)}`);
  } finally {
    await db.close();
    await target.cleanup();
  }
}

async function main(): Promise<void> {
  benchPure(Number(opts.traces));
  const requests = Number(opts['stored-requests']);
  if (!opts.postgres) await benchJob('sqlite', requests);
  if (!opts['sqlite-only']) await benchJob('postgres', requests);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
