/**
 * `npm run db:deploy`: applies pending committed migrations to DATABASE_URL (default
 * file:./tracegate.db) without Prisma's native engine, recording them in `_prisma_migrations`.
 * Exit codes: 0 applied or up to date, 1 failure (message on stderr).
 */
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pg from 'pg';
import { parseDatabaseUrl } from '../openDatabase.js';
import { applyPostgresMigrations, applySqliteMigrations, type ApplyOutcome } from './applyMigrations.js';

/** Applies migrations to the database at `databaseUrl` and returns what was done. */
export async function deploy(databaseUrl: string): Promise<ApplyOutcome> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'sqlite') {
    mkdirSync(dirname(target.path), { recursive: true });
    const db = new BetterSqlite3(target.path, { timeout: 10_000 });
    try {
      db.pragma('journal_mode = WAL');
      return applySqliteMigrations(db);
    } finally {
      db.close();
    }
  }
  const pool = new pg.Pool({ connectionString: target.connectionString, max: 1, ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}) });
  try {
    if (target.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    return await applyPostgresMigrations(pool);
  } finally {
    await pool.end();
  }
}

const url = process.env.DATABASE_URL ?? 'file:./tracegate.db';
deploy(url).then(
  (outcome) => {
    if (outcome.applied.length === 0) console.log(`Database is up to date (${outcome.alreadyApplied.length} migrations applied earlier).`);
    for (const name of outcome.applied) console.log(`applied ${name}`);
  },
  (err: unknown) => {
    console.error(`db:deploy failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
