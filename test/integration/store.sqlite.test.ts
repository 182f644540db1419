/** The store contract against SQLite (a temporary database file). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { applySqliteMigrations } from '../../src/store/migrate/applyMigrations.js';
import { runStoreContract } from './store.contract.js';
import { sqliteContractTarget } from './sqliteContractTarget.js';

runStoreContract('sqlite (default writer)', () => sqliteContractTarget());

describe('SQLite migration applier', () => {
  it('redefines a referenced table the way Prisma does without cascading deletes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracegate-redefine-'));
    try {
      const db = new BetterSqlite3(join(dir, 'r.db'));
      db.pragma('foreign_keys = ON');
      const migrations = join(dir, 'migrations');
      const steps: [string, string][] = [
        ['1_init', 'CREATE TABLE parent (id TEXT PRIMARY KEY);\nCREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parent(id) ON DELETE CASCADE);'],
        ['2_rows', "INSERT INTO parent VALUES ('p');\nINSERT INTO child VALUES ('c', 'p');"],
        // What the schema engine emits for a SQLite column change on a referenced table.
        ['3_redefine', 'PRAGMA defer_foreign_keys=ON;\nPRAGMA foreign_keys=OFF;\nCREATE TABLE "new_parent" (id TEXT PRIMARY KEY, note TEXT);\n' +
          'INSERT INTO "new_parent" (id) SELECT id FROM parent;\nDROP TABLE parent;\nALTER TABLE "new_parent" RENAME TO parent;\nPRAGMA foreign_keys=ON;\nPRAGMA defer_foreign_keys=OFF;'],
      ];
      for (const [name, sql] of steps) {
        mkdirSync(join(migrations, name), { recursive: true });
        writeFileSync(join(migrations, name, 'migration.sql'), sql);
      }
      expect(applySqliteMigrations(db, migrations).applied).toEqual(['1_init', '2_rows', '3_redefine']);
      expect(db.prepare('SELECT COUNT(*) AS n FROM child').get()).toEqual({ n: 1 });
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
