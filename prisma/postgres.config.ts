/**
 * Prisma CLI config for the PostgreSQL schema (derived from prisma/schema.prisma), for users who have
 * Prisma's native engines: `DATABASE_URL=postgres://... npx prisma migrate deploy --config prisma/postgres.config.ts`.
 */
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'postgres/schema.prisma',
  migrations: { path: 'postgres/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tracegate' },
});
