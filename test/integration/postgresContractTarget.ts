/**
 * A PostgreSQL target for contract suites: a fresh random schema on 127.0.0.1:5432, database `test` (or
 * TRACEGATE_PG_URL), dropped afterwards. Never skips: an unreachable server fails the suite.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { applyPostgresMigrations } from '../../src/store/migrate/applyMigrations.js';
import type { runStoreContract } from './store.contract.js';

type Target = Awaited<ReturnType<Parameters<typeof runStoreContract>[1]>>;

const PG_URL = process.env.TRACEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresContractTarget(prefix = 'store_test'): Promise<Target> {
  const schema = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
  await pool.query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return {
    kind: 'postgres',
    databaseUrl: url.toString(),
    exec: async (sql) => void (await pool.query(sql)),
    applyMigrations: (dir) => applyPostgresMigrations(pool, dir),
    cleanup: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}
