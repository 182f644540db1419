/** The store contract against SQLite (a temporary database file). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { applySqliteMigrations } from '../../src/store/migrate/applyMigrations.js';
import { runStoreContract } from './store.contract.js';

runStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-store-'));
  const path = join(dir, 'nested', 'store.db'); // openDatabase must create the directory
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
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
