/**
 * The database a benchmark writes to: a fresh SQLite file in a temp directory, or a fresh schema in
 * PostgreSQL (TRACEGATE_BENCH_POSTGRES_URL, else TRACEGATE_TEST_POSTGRES_URL, else the local `test`
 * database), with the stored-span count read directly and a cleanup that removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';

export interface BenchDatabase {
  kind: 'sqlite' | 'postgresql';
  databaseUrl: string;
  countSpans(): Promise<number>;
  /** Removes the file or schema (with `keep`, a SQLite file stays and its path is printed). */
  cleanup(): Promise<void>;
}

/** A fresh SQLite file; `synchronous` goes into the URL, `keep` leaves the file for inspection. */
export function sqliteBenchDatabase(options: { synchronous: string; keep?: boolean }): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-bench-'));
  const file = join(dir, 'bench.db');
  return {
    kind: 'sqlite',
    databaseUrl: `file:${file}?synchronous=${options.synchronous}`,
    countSpans: async () => {
      const db = new Database(file, { readonly: true });
      try {
        // Spans whose bodies are stored (chunks), plus any pre-chunk rows.
        return (db.prepare('SELECT (SELECT COALESCE(SUM(span_count), 0) FROM span_chunks) + (SELECT count(*) FROM spans) AS n').get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    cleanup: async () => {
      if (options.keep) console.log(`  kept database      ${file}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh PostgreSQL schema (created by the service's migrations, dropped by cleanup). */
export function postgresBenchDatabase(): BenchDatabase {
  const base = process.env.TRACEGATE_BENCH_POSTGRES_URL ?? process.env.TRACEGATE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  const withClient = async <T>(fn: (c: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    kind: 'postgresql',
    databaseUrl: `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`,
    countSpans: () =>
      withClient(async (c) => {
        const sql = `SELECT (SELECT COALESCE(SUM(span_count), 0) FROM "${schema}".span_chunks) + (SELECT count(*) FROM "${schema}".spans) AS n`;
        return Number((await c.query<{ n: string }>(sql)).rows[0]!.n);
      }),
    cleanup: () => withClient(async (c) => void (await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`))),
  };
}
