/**
 * The scoring_pending migration keeps existing data on both databases: a trace scored at its current
 * update is not pending, a trace scored before its latest spans or never scored is, and scores stay readable.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPostgresMigrations, applySqliteMigrations, MIGRATIONS_DIRS } from '../../src/store/migrate/applyMigrations.js';
import { migrationsBefore } from '../support/migrationsBefore.js';

const PG_URL = process.env.TRACEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'tracegate-scoring-pending-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = 'trace_id, project_id, service_name, start_ms, end_ms, duration_ms, span_count, tool_calls, tool_errors, error, incomplete, content_captured, facts, updated_ms';
const trace = (id: string, updatedMs: number) => `('${id}', 'p', 'svc', 1, 2, 1, 1, 0, 0, false, false, false, '{}', ${updatedMs})`;
/** t-scored: scored at its update; t-stale: scored, then late spans; t-never: no scoring row; t-waiting: a row never saved. */
const SEED = [
  `INSERT INTO traces (${COLUMNS}) VALUES ${[trace('t-scored', 50), trace('t-stale', 90), trace('t-never', 70), trace('t-waiting', 60)].join(', ')}`,
  'INSERT INTO trace_scoring (project_id, trace_id, status, flags, trace_updated_ms, scored_ms, score_count) VALUES ' +
    "('p', 't-scored', 'scored', ',', 50, 55, 1), ('p', 't-stale', 'scored', ',', 80, 85, 1), ('p', 't-waiting', 'waiting', ',', -1, NULL, 0)",
  "INSERT INTO trace_scores (project_id, trace_id, name, version, value, label, reason) VALUES ('p', 't-scored', 'action', 3, 1, 'answer', NULL)",
];
const PENDING = 'SELECT trace_id, score_pending FROM traces ORDER BY trace_id';
const EXPECTED = [['t-never', true], ['t-scored', false], ['t-stale', true], ['t-waiting', true]];

describe('migration scoring_pending keeps existing data', () => {
  it('SQLite', () => {
    const db = new BetterSqlite3(join(dir, 'm.db'));
    try {
      applySqliteMigrations(db, migrationsBefore(MIGRATIONS_DIRS.sqlite, 'scoring_pending', dir));
      for (const sql of SEED) db.exec(sql);
      expect(applySqliteMigrations(db, MIGRATIONS_DIRS.sqlite).applied.some((n) => n.endsWith('_scoring_pending'))).toBe(true);
      const rows = db.prepare(PENDING).all() as { trace_id: string; score_pending: number }[];
      expect(rows.map((r) => [r.trace_id, r.score_pending === 1])).toEqual(EXPECTED);
      expect(db.prepare("SELECT scores FROM trace_scoring WHERE trace_id = 't-scored'").get()).toEqual({ scores: null });
      expect(db.prepare('SELECT COUNT(*) AS n FROM trace_scores').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });

  it('PostgreSQL', async () => {
    const schema = `mig_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    try {
      await applyPostgresMigrations(pool, migrationsBefore(MIGRATIONS_DIRS.postgres, 'scoring_pending', dir));
      for (const sql of SEED) await pool.query(sql);
      expect((await applyPostgresMigrations(pool, MIGRATIONS_DIRS.postgres)).applied.some((n) => n.endsWith('_scoring_pending'))).toBe(true);
      const { rows } = await pool.query<{ trace_id: string; score_pending: boolean }>(PENDING);
      expect(rows.map((r) => [r.trace_id, r.score_pending])).toEqual(EXPECTED);
      expect((await pool.query('SELECT COUNT(*)::int AS n FROM trace_scores')).rows).toEqual([{ n: 1 }]);
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });
});
