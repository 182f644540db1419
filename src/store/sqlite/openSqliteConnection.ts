/**
 * Opens a better-sqlite3 connection with the span writer's settings. Shared by openDatabase (the
 * main-thread connection) and the span-writer worker, so both threads run the same pragmas.
 * Imports nothing that needs import.meta: the worker loads it through tsx's CommonJS hook.
 */
import BetterSqlite3 from 'better-sqlite3';

/** Milliseconds a connection waits for a SQLite write lock before failing. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** SQLite durability per commit: FULL fsyncs the WAL at every commit, NORMAL survives kill -9 but not power loss. */
export type SqliteSynchronous = 'FULL' | 'NORMAL';

/** Opens `path` (created if missing) and applies the writer pragmas; closes it again if a pragma fails. */
export function openSqliteConnection(path: string, synchronous: SqliteSynchronous): BetterSqlite3.Database {
  const db = new BetterSqlite3(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    configureSqliteConnection(db, synchronous);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Applies the writer pragmas. WAL lets readers (and Prisma's connection) proceed during writes;
 * synchronous=FULL fsyncs the WAL at every commit, so an acknowledged batch survives kill -9 and
 * power loss (NORMAL survives kill -9 of the process but not an OS crash).
 */
export function configureSqliteConnection(db: BetterSqlite3.Database, synchronous: SqliteSynchronous): void {
  // Large pages: span rows are 1-2 KB, and on 4 KiB pages SQLite spends most of a commit splitting
  // and rewriting pages (measured here: 23k vs 63k rows/s of 2 KB rows with a unique index).
  // Only takes effect on a new database file (before WAL is switched on).
  db.pragma('page_size = 65536');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  // Span rows are ~1-2 KB with random (trace_id, span_id) keys: a larger page cache keeps the index
  // hot, and rarer checkpoints mean fewer fsyncs of the main file (the WAL is fsynced per commit).
  db.pragma('cache_size = -65536'); // KiB
  db.pragma('wal_autocheckpoint = 1000'); // pages (~64 MiB of WAL at 64 KiB pages)
}
