/**
 * The trace list's action filter on SQLite and PostgreSQL, on both of its plans: a rare action (few
 * scoring rows: the query starts from them) and a common one (more rows than SCORING_DRIVEN_MAX_ROWS:
 * the ordered walk over traces). Pages, their order and the cursor must equal a plain filter-and-sort.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanRow } from '../../src/app/ports.js';
import { computeTraceFacts } from '../../src/domain/facts/index.js';
import { openDatabase, type Database } from '../../src/store/openDatabase.js';
import { SCORING_DRIVEN_MAX_ROWS } from '../../src/store/scoring/traceListJoin.js';

const PG_URL = process.env.TRACEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TRACES = Math.ceil(SCORING_DRIVEN_MAX_ROWS * 1.25);
const T0 = Date.UTC(2026, 10, 1);
/** Trace i's action: rare 'escalate', some unscored (no row), the rest 'answer' (more than the cap). */
const actionOf = (i: number): string | null => (i % 97 === 5 ? 'escalate' : i % 10 === 3 ? null : 'answer');

interface Target {
  db: Database;
  /** Runs raw SQL with `?` placeholders. */
  run: (sql: string, params: unknown[]) => Promise<void>;
  close: () => Promise<void>;
}

function span(projectId: string, i: number): SpanRow {
  const startMs = T0 + Math.floor(i / 3) * 1000; // three traces per start time: the trace id breaks ties
  return {
    projectId, traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex'), parentSpanId: null, name: 'chat', kind: 3,
    startTimeUnixNano: `${BigInt(startMs) * 1_000_000n}`, endTimeUnixNano: `${BigInt(startMs + 100) * 1_000_000n}`, startMs, durationMs: 100, statusCode: 0, statusMessage: '',
    serviceName: i % 2 ? 'a' : 'b', release: 'v1', environment: 'prod', attributes: { 'gen_ai.operation.name': 'chat' }, resource: { 'service.name': i % 2 ? 'a' : 'b' },
    events: [], links: [], scopeName: 't', scopeVersion: '1',
    facts: { operation: 'inference', provider: null, requestModel: null, responseModel: null, inputTokens: null, outputTokens: null, costUsd: null, finishReasons: [], finishClasses: [],
      toolName: null, isError: false, errorType: null, ttftMs: null, sessionId: null, userId: null, inputText: null, outputText: null, action: null, actionReason: null, warnings: [] },
  } as SpanRow;
}

async function fill(t: Target): Promise<{ projectId: string; expected: Map<string, string[]> }> {
  const projectId = (await t.db.control.createProject('p')).id;
  const spans = Array.from({ length: TRACES }, (_, i) => span(projectId, i));
  for (let i = 0; i < spans.length; i += 2000) await t.db.spans.writeBatch({ spans: spans.slice(i, i + 2000), content: [] }, computeTraceFacts);
  const byAction = new Map<string, SpanRow[]>();
  for (const [i, s] of spans.entries()) {
    const action = actionOf(i);
    if (action === null) continue;
    byAction.set(action, [...(byAction.get(action) ?? []), s]);
    await t.run(
      `INSERT INTO trace_scoring (project_id, trace_id, status, action, action_source, flags, trace_updated_ms, scored_ms, score_count)
       SELECT project_id, trace_id, 'scored', ?, 'classifier', ',', updated_ms, 1, 0 FROM traces WHERE project_id = ? AND trace_id = ?`, [action, projectId, s.traceId]);
  }
  const order = (a: SpanRow, b: SpanRow) => b.startMs - a.startMs || (a.traceId < b.traceId ? 1 : -1);
  return { projectId, expected: new Map([...byAction].map(([a, list]) => [a, list.sort(order).map((s) => s.traceId)])) };
}

async function pages(db: Database, projectId: string, action: string, limit: number, max: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let p = 0; p < max; p += 1) {
    const page = await db.scoring!.listTraces({ projectId, action: action as never, limit, cursor });
    ids.push(...page.traces.map((t) => t.traceId));
    expect(page.traces.every((t) => t.scoring.action === action)).toBe(true);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids;
}

const targets: Array<[string, () => Promise<Target>]> = [
  ['sqlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-tracelist-'));
    const file = join(dir, 'db.sqlite');
    const db = await openDatabase(`file:${file}`);
    const raw = new Sqlite(file);
    raw.pragma('busy_timeout = 5000');
    return { db, run: async (sql, params) => void raw.prepare(sql).run(...params), close: async () => { raw.close(); await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['postgres', async () => {
    const schema = `tracelist_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    const db = await openDatabase(url.toString());
    return {
      db, run: async (sql, params) => { let n = 0; await pool.query(sql.replace(/\?/g, () => `$${++n}`), params); },
      close: async () => { await db.close(); await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`); await pool.end(); },
    };
  }],
];

describe.each(targets)('trace list action filter (%s)', (_name, open) => {
  let t: Target;
  let projectId: string;
  let expected: Map<string, string[]>;
  beforeAll(async () => {
    t = await open();
    ({ projectId, expected } = await fill(t));
  }, 240_000);
  afterAll(async () => t?.close());

  it('a rare action: every match, in start order, across cursor pages', async () => {
    const want = expected.get('escalate')!;
    expect(want.length).toBeGreaterThan(20);
    expect(want.length).toBeLessThan(SCORING_DRIVEN_MAX_ROWS);
    expect(await pages(t.db, projectId, 'escalate', 7, 100)).toEqual(want);
  });

  it('a common action (more rows than the cap): the first pages equal the plain filter-and-sort', async () => {
    const want = expected.get('answer')!;
    expect(want.length).toBeGreaterThan(SCORING_DRIVEN_MAX_ROWS);
    expect(await pages(t.db, projectId, 'answer', 50, 3)).toEqual(want.slice(0, 150));
  });

  it('an action nothing has: an empty page', async () => {
    expect((await t.db.scoring!.listTraces({ projectId, action: 'refuse', limit: 50 })).traces).toEqual([]);
  });
});
