/**
 * Opens the database named by DATABASE_URL, applies pending migrations, and returns the span store
 * (raw driver) and the control-plane store (Prisma) sharing it.
 *
 *   file:./tracegate.db | ./data/x.db | /abs/x.db   SQLite (relative to the working directory)
 *     ?synchronous=normal                            trade kill -9 safety of the last commits for speed
 *   postgres://... | postgresql://...               PostgreSQL; ?schema=NAME isolates in a schema
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { SpanStore } from '../app/ports.js';
import { PrismaClient as PgPrismaClient } from '../../generated/prisma-pg/client.js';
import { PrismaClient as SqlitePrismaClient } from '../../generated/prisma-sqlite/client.js';
import { ControlPlaneStore, type ControlPlaneClient } from './ControlPlaneStore.js';
import { applyPostgresMigrations, applySqliteMigrations } from './migrate/applyMigrations.js';
import { PostgresSpanStore } from './postgres/PostgresSpanStore.js';
import { SqliteSpanStore } from './sqlite/SqliteSpanStore.js';

/** adapter-pg is typed against a newer @types/pg; at runtime it is the same `pg` module and Pool. */
type PrismaPgPool = Extract<ConstructorParameters<typeof PrismaPg>[0], { totalCount: number }>;

/** An open database: both stores plus one close() for everything. */
export interface Database {
  kind: 'sqlite' | 'postgres';
  spans: SpanStore;
  control: ControlPlaneStore;
  close(): Promise<void>;
}

/** Milliseconds a connection waits for a SQLite write lock before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** A parsed DATABASE_URL. */
export type DatabaseTarget =
  | { kind: 'sqlite'; path: string; synchronous: 'FULL' | 'NORMAL' }
  | { kind: 'postgres'; connectionString: string; schema: string | null };

/** Parses DATABASE_URL; throws with what was expected for anything else. */
export function parseDatabaseUrl(databaseUrl: string, cwd: string = process.cwd()): DatabaseTarget {
  const url = databaseUrl.trim();
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    if (schema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new Error(`DATABASE_URL ?schema= must match [a-z_][a-z0-9_]*, got ${JSON.stringify(schema)}`);
    }
    parsed.searchParams.delete('schema');
    return { kind: 'postgres', connectionString: parsed.toString(), schema };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !/^file:/i.test(url)) {
    throw new Error(`DATABASE_URL must be file:PATH, a file path, or postgres(ql)://..., got ${JSON.stringify(url.split('://')[0] + '://...')}`);
  }
  const [rawPath = '', query = ''] = url.replace(/^file:(\/\/)?/i, '').split('?');
  if (rawPath === '' || rawPath === ':memory:') throw new Error('DATABASE_URL: SQLite needs a file path (":memory:" cannot be shared by two connections)');
  const sync = new URLSearchParams(query).get('synchronous')?.toUpperCase() ?? 'FULL';
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error(`DATABASE_URL ?synchronous= must be full or normal, got ${JSON.stringify(sync)}`);
  return { kind: 'sqlite', path: resolve(cwd, rawPath), synchronous: sync };
}

/** Opens (and migrates) the database at `databaseUrl`. */
export async function openDatabase(databaseUrl: string): Promise<Database> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'sqlite' ? openSqlite(target) : openPostgres(target);
}

async function openSqlite(target: Extract<DatabaseTarget, { kind: 'sqlite' }>): Promise<Database> {
  mkdirSync(dirname(target.path), { recursive: true });
  // The single span writer. WAL lets readers (and Prisma's connection) proceed during writes;
  // synchronous=FULL fsyncs the WAL at every commit, so an acknowledged batch survives kill -9
  // and power loss (NORMAL survives kill -9 of the process but not an OS crash).
  const db = new BetterSqlite3(target.path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    // Large pages: span rows are 1-2 KB, and on 4 KiB pages SQLite spends most of a commit splitting
    // and rewriting pages (measured here: 23k vs 63k rows/s of 2 KB rows with a unique index).
    // Only takes effect on a new database file (before WAL is switched on).
    db.pragma('page_size = 65536');
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${target.synchronous}`);
    db.pragma('foreign_keys = ON');
    // Span rows are ~1-2 KB with random (trace_id, span_id) keys: a larger page cache keeps the index
    // hot, and rarer checkpoints mean fewer fsyncs of the main file (the WAL is fsynced per commit).
    db.pragma('cache_size = -65536'); // KiB
    db.pragma('wal_autocheckpoint = 1000'); // pages (~64 MiB of WAL at 64 KiB pages)
    applySqliteMigrations(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const prisma = new SqlitePrismaClient({
    adapter: new PrismaBetterSqlite3({ url: `file:${target.path}`, timeout: SQLITE_BUSY_TIMEOUT_MS }),
  });
  const spans = new SqliteSpanStore(db);
  const control = new ControlPlaneStore(prisma);
  return {
    kind: 'sqlite',
    spans,
    control,
    close: async () => {
      await control.close();
      await spans.close();
    },
  };
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<Database> {
  if (target.schema) {
    const admin = new pg.Client({ connectionString: target.connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
    } finally {
      await admin.end();
    }
  }
  // ONE pool for the raw span store and Prisma; the schema is every connection's search_path.
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: 10,
    ...(target.schema ? { options: `-c search_path=${target.schema}` } : {}),
  });
  pool.on('error', () => {}); // an idle client's error is surfaced on its next use
  try {
    await applyPostgresMigrations(pool);
  } catch (err) {
    await pool.end();
    throw err;
  }
  const prisma = new PgPrismaClient({ adapter: new PrismaPg(pool as unknown as PrismaPgPool, target.schema ? { schema: target.schema } : undefined) });
  const spans = new PostgresSpanStore(pool);
  // Same models, same client API: the SQLite client type describes it (ControlPlaneClient).
  const control = new ControlPlaneStore(prisma as unknown as ControlPlaneClient);
  return {
    kind: 'postgres',
    spans,
    control,
    close: async () => {
      await control.close();
      await spans.close();
      await pool.end();
    },
  };
}
