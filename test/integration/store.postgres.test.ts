/**
 * The store contract against PostgreSQL (127.0.0.1:5432, database `test`, or TRACEGATE_PG_URL), in a
 * fresh random schema dropped afterwards. Never skips: an unreachable server fails the suite.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { applyPostgresMigrations } from '../../src/store/migrate/applyMigrations.js';
import { runStoreContract } from './store.contract.js';

const PG_URL = process.env.TRACEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

runStoreContract('postgres', async () => {
  const schema = `store_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
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
});
