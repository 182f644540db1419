/**
 * Prisma CLI config for the SQLite schema, for users who have Prisma's native engines (they run
 * `npx prisma migrate deploy --config prisma/sqlite.config.ts` on the same migration folders).
 * tracegate itself applies migrations with src/store/migrate (no native engine needed): docs/storage.md.
 */
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'schema.prisma',
  migrations: { path: 'migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'file:./tracegate.db' },
});
