/**
 * The trace_identity migration keeps existing data on both databases: traces keyed by trace id alone
 * before become (project, trace id) rows with every column intact, and the new key then lets a second
 * project store its own trace of that id.
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
const dir = mkdtempSync(join(tmpdir(), 'tracegate-trace-identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T = 'ab'.repeat(16);
const COLUMNS = 'trace_id, project_id, service_name, start_ms, end_ms, duration_ms, span_count, tool_calls, tool_errors, error, incomplete, content_captured, facts, updated_ms';
const row = (project: string) => `'${T}', '${project}', 'svc', 1, 2, 1, 3, 0, 0, false, false, false, '{"traceId":"${T}"}', 5`;

describe('migration trace_identity keeps existing data', () => {
  it('SQLite (table rebuild)', () => {
    const db = new BetterSqlite3(join(dir, 'm.db'));
    try {
      applySqliteMigrations(db, migrationsBefore(MIGRATIONS_DIRS.sqlite, 'trace_identity', dir));
      db.exec(`INSERT INTO traces (${COLUMNS}) VALUES (${row('pa')})`);
      db.exec("INSERT INTO span_chunks (project_id, trace_id, span_count, span_ids, body, received_ms) VALUES ('pa', '" + T + "', 1, '0000000000000001', x'00', 1)");
      expect(applySqliteMigrations(db, MIGRATIONS_DIRS.sqlite).applied.some((n) => n.endsWith('_trace_identity'))).toBe(true);
      expect(db.prepare('SELECT trace_id, project_id, service_name, span_count, facts, updated_ms FROM traces').all()).toEqual([
        { trace_id: T, project_id: 'pa', service_name: 'svc', span_count: 3, facts: `{"traceId":"${T}"}`, updated_ms: 5 },
      ]);
      db.exec(`INSERT INTO traces (${COLUMNS}) VALUES (${row('pb')})`);
      expect(() => db.exec(`INSERT INTO traces (${COLUMNS}) VALUES (${row('pb')})`)).toThrow(/UNIQUE/);
      expect(db.prepare('SELECT COUNT(*) AS n FROM span_chunks').get()).toEqual({ n: 1 });
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM span_chunks WHERE project_id = 'pa' AND trace_id = ?").all(T) as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('span_chunks_project_id_trace_id_idx');
    } finally {
      db.close();
    }
  });

  it('PostgreSQL (primary key swapped in place)', async () => {
    const schema = `mig_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    try {
      await applyPostgresMigrations(pool, migrationsBefore(MIGRATIONS_DIRS.postgres, 'trace_identity', dir));
      await pool.query(`INSERT INTO traces (${COLUMNS}) VALUES (${row('pa')})`);
      expect((await applyPostgresMigrations(pool, MIGRATIONS_DIRS.postgres)).applied.some((n) => n.endsWith('_trace_identity'))).toBe(true);
      const { rows } = await pool.query('SELECT trace_id, project_id, service_name, span_count, facts, updated_ms FROM traces');
      expect(rows).toEqual([{ trace_id: T, project_id: 'pa', service_name: 'svc', span_count: 3, facts: `{"traceId":"${T}"}`, updated_ms: 5 }]);
      await pool.query(`INSERT INTO traces (${COLUMNS}) VALUES (${row('pb')})`);
      await expect(pool.query(`INSERT INTO traces (${COLUMNS}) VALUES (${row('pb')})`)).rejects.toThrow(/duplicate key/);
      const pk = await pool.query(
        "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'traces_pkey' AND connamespace = $1::regnamespace",
        [schema],
      );
      expect(pk.rows[0]?.def).toBe('PRIMARY KEY (project_id, trace_id)');
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  });
});
