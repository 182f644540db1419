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
  // 16 KiB pages. Spans are stored as span chunks (~6 KB per trace per commit, appended), but trace
  // ids are random, so every commit rewrites one page of the traces primary key and of the chunks'
  // trace_id index per trace it touches: 64 KiB pages made a small commit into a grown file write
  // several times the bytes of 4-16 KiB pages, and bench:ingest runs as fast at 16 KiB as at 64 KiB
  // (60-62k vs 60-64k spans/s). Only takes effect on a new database file (before WAL is switched on).
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  // A larger page cache keeps the random-key indexes hot, and rarer checkpoints mean fewer fsyncs of
  // the main file (the WAL is fsynced per commit).
  db.pragma('cache_size = -65536'); // KiB
  db.pragma('wal_autocheckpoint = 4000'); // pages (~64 MiB of WAL at 16 KiB pages)
}

/** The durability settings a connection runs with, read back from SQLite itself. */
export interface SqliteDurability {
  /** `wal` for every tracegate connection. */
  journalMode: string;
  /** 2 = FULL (fsync at every commit), 1 = NORMAL. */
  synchronous: number;
}

/** Reads journal_mode and synchronous of `db`. */
export function readSqliteDurability(db: BetterSqlite3.Database): SqliteDurability {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
  };
}
