/** The SQLite target of the store contract suite, with an optional span writer (worker | inline). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { applySqliteMigrations } from '../../src/store/migrate/applyMigrations.js';
import type { runStoreContract } from './store.contract.js';

type Target = Awaited<ReturnType<Parameters<typeof runStoreContract>[1]>>;

/** A fresh database file in a nested temp directory (openDatabase must create it). */
export async function sqliteContractTarget(writer?: 'worker' | 'inline'): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), `tracegate-store-${writer ?? 'default'}-`));
  const path = join(dir, 'nested', 'store.db');
  const previous = process.env.TRACEGATE_SQLITE_WRITER;
  // Read by openDatabase (the URL must stay a bare path for the schema diff).
  if (writer) process.env.TRACEGATE_SQLITE_WRITER = writer;
  const withDb = <T>(fn: (db: BetterSqlite3.Database) => T): T => {
    const db = new BetterSqlite3(path, { timeout: 10_000 });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    kind: 'sqlite',
    databaseUrl: `file:${path}`,
    exec: async (sql) => withDb((db) => void db.exec(sql)),
    applyMigrations: async (migrationsDir) => withDb((db) => applySqliteMigrations(db, migrationsDir)),
    cleanup: async () => {
      if (previous === undefined) delete process.env.TRACEGATE_SQLITE_WRITER;
      else process.env.TRACEGATE_SQLITE_WRITER = previous;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
