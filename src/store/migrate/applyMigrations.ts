/**
 * Applies the committed Prisma migrations (prisma/migrations, prisma/postgres/migrations) without
 * Prisma's native schema engine: each pending migration.sql runs in its own transaction and is
 * recorded in Prisma's standard `_prisma_migrations` table, so `prisma migrate deploy` stays usable
 * on the same database. Idempotent; refuses to run when a recorded checksum differs from the file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Committed migration folders per database kind. */
export const MIGRATIONS_DIRS = {
  sqlite: join(repoRoot, 'prisma', 'migrations'),
  postgres: join(repoRoot, 'prisma', 'postgres', 'migrations'),
} as const;

/** One committed migration; checksum = sha256 hex of migration.sql (Prisma's definition). */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** What an apply run did. */
export interface ApplyOutcome {
  /** Names applied now, in order (empty when the database was up to date). */
  applied: string[];
  /** Names already recorded before this run. */
  alreadyApplied: string[];
}

/** Raised when the database's migration history disagrees with the committed files. */
export class MigrationHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationHistoryError';
  }
}

/** Reads `<dir>/<name>/migration.sql` for every folder, ordered by name. */
export function loadMigrationFiles(dir: string): MigrationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    });
}

/** A row of `_prisma_migrations` as far as the applier cares. */
interface RecordedMigration {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

/** Splits the committed files into pending ones, after checking the recorded history agrees. */
function planPending(files: MigrationFile[], recorded: RecordedMigration[]): { pending: MigrationFile[]; done: string[] } {
  const live = recorded.filter((r) => r.rolled_back_at === null || r.rolled_back_at === undefined);
  const byName = new Map(live.map((r) => [r.migration_name, r]));
  for (const r of live) {
    if (r.finished_at === null || r.finished_at === undefined) {
      throw new MigrationHistoryError(
        `migration ${r.migration_name} is recorded as started but not finished (a failed \`prisma migrate deploy\`?); ` +
          'fix the database by hand, then mark it with `prisma migrate resolve`',
      );
    }
  }
  const pending: MigrationFile[] = [];
  const done: string[] = [];
  for (const file of files) {
    const row = byName.get(file.name);
    if (!row) pending.push(file);
    else if (row.checksum !== file.checksum) {
      throw new MigrationHistoryError(
        `migration ${file.name} was applied with checksum ${row.checksum} but the committed migration.sql has ` +
          `checksum ${file.checksum}: committed migrations must never be edited; add a new migration instead`,
      );
    } else done.push(file.name);
  }
  return { pending, done };
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Applies pending SQLite migrations; BEGIN IMMEDIATE serializes concurrent appliers on one file. */
export function applySqliteMigrations(db: BetterSqlite3.Database, dir: string = MIGRATIONS_DIRS.sqlite): ApplyOutcome {
  db.exec(SQLITE_TABLE);
  const files = loadMigrationFiles(dir);
  const readRecorded = () =>
    db.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"').all() as RecordedMigration[];
  const { done: alreadyApplied } = planPending(files, readRecorded());
  const applied: string[] = [];
  const insert = db.prepare(
    'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) ' +
      'VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
  );
  const applyOne = db.transaction((file: MigrationFile) => {
    // Re-plan under the write lock: another process may have applied it meanwhile.
    if (!planPending([file], readRecorded()).pending.length) return;
    const startedMs = Date.now();
    db.exec(file.sql);
    const broken = db.prepare('PRAGMA foreign_key_check').all();
    if (broken.length > 0) throw new MigrationHistoryError(`migration ${file.name} leaves ${broken.length} rows violating foreign keys`);
    insert.run(randomUUID(), file.checksum, Date.now(), file.name, startedMs);
    applied.push(file.name);
  });
  // Prisma's SQLite table redefinitions (CREATE new_x; copy; DROP x; rename) rely on foreign keys
  // being OFF, but `PRAGMA foreign_keys` is a no-op inside a transaction: with them ON, DROP TABLE
  // would cascade-delete child rows. So they are off while migrating (checked before each commit).
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const file of files) {
      try {
        applyOne.immediate(file);
      } catch (err) {
        if (err instanceof MigrationHistoryError) throw err;
        throw new MigrationHistoryError(`migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return { applied, alreadyApplied };
}

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
/** Prisma's own advisory lock id, so this applier and `prisma migrate deploy` exclude each other. */
const PG_ADVISORY_LOCK = 72707369;

/** Applies pending PostgreSQL migrations in the connection's search_path schema, under an advisory lock. */
export async function applyPostgresMigrations(pool: pg.Pool, dir: string = MIGRATIONS_DIRS.postgres): Promise<ApplyOutcome> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_ADVISORY_LOCK]);
    try {
      await client.query(PG_TABLE);
      const files = loadMigrationFiles(dir);
      const recorded = await client.query<RecordedMigration>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"',
      );
      const { pending, done } = planPending(files, recorded.rows);
      const applied: string[] = [];
      for (const file of pending) {
        const startedAt = new Date();
        await client.query('BEGIN');
        try {
          await client.query(file.sql); // simple-query protocol: multi-statement scripts are fine
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) ' +
              'VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)',
            [randomUUID(), file.checksum, file.name, startedAt],
          );
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw new MigrationHistoryError(`migration ${file.name} failed and was rolled back: ${(err as Error).message}`);
        }
        applied.push(file.name);
      }
      return { applied, alreadyApplied: done };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PG_ADVISORY_LOCK]);
    }
  } finally {
    client.release();
  }
}
