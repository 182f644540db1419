/**
 * Opens the database named by DATABASE_URL, applies pending migrations, and returns the span store
 * (raw driver) and the control-plane store (Prisma) sharing it.
 *
 *   file:./tracegate.db | ./data/x.db | /abs/x.db   SQLite (relative to the working directory)
 *     ?synchronous=normal                            trade power-loss safety of the last commits for speed
 *     ?writer=inline|worker                          span writes on the event loop or on a worker
 *                                                    thread (default); env TRACEGATE_SQLITE_WRITER when absent
 *   postgres://... | postgresql://...               PostgreSQL; ?schema=NAME isolates in a schema
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SpanStore } from '../app/ports.js';
import { PrismaClient as PgPrismaClient } from '../../generated/prisma-pg/client.js';
import { PrismaClient as SqlitePrismaClient } from '../../generated/prisma-sqlite/client.js';
import { AlertStore } from './AlertStore.js';
import { CanaryStore } from './CanaryStore.js';
import { ControlPlaneStore, type ControlPlaneClient } from './ControlPlaneStore.js';
import { applyPostgresMigrations, applySqliteMigrations } from './migrate/applyMigrations.js';
import { PostgresSpanStore } from './postgres/PostgresSpanStore.js';
import { PromotionStore } from './PromotionStore.js';
import { openSqliteConnection, SQLITE_BUSY_TIMEOUT_MS, type SqliteSynchronous } from './sqlite/openSqliteConnection.js';
import { SqliteSpanStore } from './sqlite/SqliteSpanStore.js';
import { SqliteWorkerSpanStore } from './sqlite/SqliteWorkerSpanStore.js';
import type { JobStore } from '../app/jobs/jobPorts.js';
import type { ScoringStore } from '../app/scoring/scoringPorts.js';
import { postgresClient, sqliteClient, type SqlClient } from './scoring/SqlClient.js';
import { SqlJobStore } from './scoring/SqlJobStore.js';
import { SqlJudgeStore } from './scoring/SqlJudgeStore.js';
import type { JudgeStore } from '../app/scoring/judge/judgePorts.js';
import { SqlScoringStore } from './scoring/SqlScoringStore.js';

/** adapter-pg is typed against a newer @types/pg; at runtime it is the same `pg` module and Pool. */
type PrismaPgPool = Extract<ConstructorParameters<typeof PrismaPg>[0], { totalCount: number }>;

/** An open database: both stores plus one close() for everything. */
export interface Database {
  kind: 'sqlite' | 'postgres';
  spans: SpanStore;
  control: ControlPlaneStore;
  /** Alert states, outbox and channel health. */
  alerts: AlertStore;
  /** Canaries, looks, cohort windows and drift states. */
  canary: CanaryStore;
  /** Flags, review queue, promoted cases and dataset versions (same Prisma client as `control`). */
  promotion: PromotionStore;
  /** Job run records and leases (jobs/). */
  jobs: JobStore;
  /** Trace scoring state and scores. */
  scoring: ScoringStore;
  /** LLM judge calls, judge status, human labels. */
  judge: JudgeStore;
  /** The raw client the scoring stores use (benchmarks and tests read through it). */
  sql: SqlClient;
  close(): Promise<void>;
}

/** A parsed DATABASE_URL. */
export type DatabaseTarget =
  | { kind: 'sqlite'; path: string; synchronous: SqliteSynchronous; writer: SqliteWriter }
  | { kind: 'postgres'; connectionString: string; schema: string | null };

/** Where SQLite span writes run: a worker thread (SqliteWorkerSpanStore) or the event loop (SqliteSpanStore). */
export type SqliteWriter = 'worker' | 'inline';

/**
 * The SQLite writer when neither ?writer= nor TRACEGATE_SQLITE_WRITER names one. The worker: with
 * span chunks the main thread only decodes, computes facts and encodes (the prepared batch is a few
 * flat arrays and one byte buffer, cheap to post), the worker commits, and the two use both cores:
 * bench:ingest measured ~55-62k durable spans/s against ~47k inline, and GET /healthz under full load
 * answers in ~0.1 s instead of ~0.4-1 s (docs/benchmarks.md).
 */
export const DEFAULT_SQLITE_WRITER: SqliteWriter = 'worker';

/**
 * Parses DATABASE_URL; throws with what was expected for anything else. `env` supplies
 * TRACEGATE_SQLITE_WRITER, used when the URL has no ?writer=.
 */
export function parseDatabaseUrl(
  databaseUrl: string,
  cwd: string = process.cwd(),
  env: { TRACEGATE_SQLITE_WRITER?: string | undefined } = process.env,
): DatabaseTarget {
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
  const params = new URLSearchParams(query);
  const sync = params.get('synchronous')?.toUpperCase() ?? 'FULL';
  if (sync !== 'FULL' && sync !== 'NORMAL') throw new Error(`DATABASE_URL ?synchronous= must be full or normal, got ${JSON.stringify(sync)}`);
  const fromUrl = params.get('writer');
  const writer = (fromUrl ?? env.TRACEGATE_SQLITE_WRITER ?? DEFAULT_SQLITE_WRITER).trim().toLowerCase();
  if (writer !== 'worker' && writer !== 'inline') {
    const source = fromUrl !== null ? 'DATABASE_URL ?writer=' : 'TRACEGATE_SQLITE_WRITER';
    throw new Error(`${source} must be worker or inline, got ${JSON.stringify(writer)}`);
  }
  return { kind: 'sqlite', path: resolve(cwd, rawPath), synchronous: sync, writer };
}

/** Opens (and migrates) the database at `databaseUrl`. */
export async function openDatabase(databaseUrl: string): Promise<Database> {
  const target = parseDatabaseUrl(databaseUrl);
  return target.kind === 'sqlite' ? openSqlite(target) : openPostgres(target);
}

async function openSqlite(target: Extract<DatabaseTarget, { kind: 'sqlite' }>): Promise<Database> {
  mkdirSync(dirname(target.path), { recursive: true });
  // The main-thread connection: applies migrations, then serves reads (and the inline writer).
  const db = openSqliteConnection(target.path, target.synchronous);
  try {
    applySqliteMigrations(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const prisma = new SqlitePrismaClient({
    adapter: new PrismaBetterSqlite3({ url: `file:${target.path}`, timeout: SQLITE_BUSY_TIMEOUT_MS }),
  });
  let spans: SpanStore;
  try {
    spans = target.writer === 'worker'
      ? await SqliteWorkerSpanStore.open({ path: target.path, synchronous: target.synchronous, reader: db })
      : new SqliteSpanStore(db);
  } catch (err) {
    await prisma.$disconnect();
    if (db.open) db.close();
    throw err;
  }
  const control = new ControlPlaneStore(prisma);
  // Scoring and jobs get their own connection: their transactions never meet the span writer's.
  const sql = sqliteClient(openSqliteConnection(target.path, target.synchronous), true);
  return {
    kind: 'sqlite',
    spans,
    control,
    alerts: new AlertStore(prisma),
    canary: new CanaryStore(prisma, 'sqlite'),
    promotion: new PromotionStore(prisma),
    jobs: new SqlJobStore(sql),
    scoring: new SqlScoringStore(sql),
    judge: new SqlJudgeStore(sql),
    sql,
    close: async () => {
      await control.close();
      await spans.close();
      await sql.close();
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
  const sql = postgresClient(pool);
  return {
    kind: 'postgres',
    spans,
    control,
    alerts: new AlertStore(prisma as unknown as ControlPlaneClient),
    canary: new CanaryStore(prisma as unknown as ControlPlaneClient, 'postgres'),
    promotion: new PromotionStore(prisma as unknown as ControlPlaneClient),
    jobs: new SqlJobStore(sql),
    scoring: new SqlScoringStore(sql),
    judge: new SqlJudgeStore(sql),
    sql,
    close: async () => {
      await control.close();
      await spans.close();
      await pool.end();
    },
  };
}
