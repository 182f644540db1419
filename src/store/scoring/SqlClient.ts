/**
 * A minimal SQL client over better-sqlite3 or a pg Pool, so the scoring and job stores are written
 * once. SQL uses `?` placeholders (rewritten to `$n` for PostgreSQL; never put `?` in a literal).
 * Upserts use `ON CONFLICT ... DO UPDATE SET x = excluded.x`, which both databases accept.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';

/** A bound value; arrays and bytes only for PostgreSQL (`?::text[]`; a Buffer is sent as binary, e.g. a binary array from toBinaryArray). */
export type SqlValue = string | number | null | readonly (string | null)[] | readonly (number | null)[] | Uint8Array;
export type SqlRow = Record<string, unknown>;

/** Statements inside a transaction (or outside one). */
export interface SqlExecutor {
  all<T = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

/** A client that can also run a transaction (`BEGIN IMMEDIATE` on SQLite: one writer at a time across processes). */
export interface SqlClient extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const toPg = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** How long one statement may block the thread waiting for another connection's write lock. */
const SYNC_BUSY_WAIT_MS = 20;

/**
 * Runs a synchronous statement; while another connection (the span writer) holds the write lock, waits
 * for it asynchronously (the event loop keeps serving) until `budgetMs` has passed, then fails as SQLite would.
 */
async function whenNotBusy<T>(run: () => T, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    try {
      return run();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      await sleep(pause);
    }
  }
}

/**
 * SQLite: statements are synchronous; a promise-chain mutex keeps this connection's transactions apart.
 * The connection waits at most SYNC_BUSY_WAIT_MS on the thread for a write lock, then retries
 * asynchronously, so a long commit by the span writer never stalls the process's event loop.
 */
export function sqliteClient(db: BetterSqlite3.Database, ownsConnection: boolean, busyBudgetMs = 10_000): SqlClient {
  db.pragma(`busy_timeout = ${SYNC_BUSY_WAIT_MS}`);
  const cache = new Map<string, BetterSqlite3.Statement>();
  const stmt = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const exec: SqlExecutor = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => whenNotBusy(() => stmt(sql).all(...params) as T[], busyBudgetMs),
    run: async (sql: string, params: readonly SqlValue[] = []) => whenNotBusy(() => stmt(sql).run(...params).changes, busyBudgetMs),
  };
  let chain: Promise<unknown> = Promise.resolve();
  return {
    dialect: 'sqlite',
    ...exec,
    tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T> {
      const next = chain.then(async () => {
        await whenNotBusy(() => db.exec('BEGIN IMMEDIATE'), busyBudgetMs);
        try {
          const result = await fn(exec);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
      chain = next.catch(() => undefined);
      return next;
    },
    close: async () => {
      if (ownsConnection && db.open) db.close();
    },
  };
}

/** PostgreSQL over a shared pool (the pool's owner closes it). */
export function postgresClient(pool: pg.Pool): SqlClient {
  const on = (c: pg.Pool | pg.PoolClient): SqlExecutor => ({
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await c.query(toPg(sql), params as SqlValue[])).rows as T[],
    run: async (sql: string, params: readonly SqlValue[] = []) => (await c.query(toPg(sql), params as SqlValue[])).rowCount ?? 0,
  });
  return {
    dialect: 'postgres',
    ...on(pool),
    async tx<T>(fn: (q: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: async () => {},
  };
}
