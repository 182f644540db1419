/**
 * Committed schema artefacts agree with the source schema: the derived PostgreSQL schema equals its
 * derivation, and the committed migrations of both providers produce exactly the schemas (the
 * schema engine's diff from the migration history to the schema is empty). Needs PostgreSQL for the
 * shadow database (127.0.0.1:5432 or TRACEGATE_PG_URL); never skips.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DERIVED_PATH, derivePgSchema, SOURCE_PATH } from '../../scripts/derive-pg-schema.mjs';
import { DEFAULT_PG_URL, diffMigrationsToSchema, TARGETS } from '../../scripts/migrations.js';

const PG_URL = process.env.TRACEGATE_PG_URL ?? DEFAULT_PG_URL;

describe('schema artefacts', () => {
  it('prisma/postgres/schema.prisma is the derivation of prisma/schema.prisma', () => {
    expect(readFileSync(DERIVED_PATH, 'utf8')).toBe(derivePgSchema(readFileSync(SOURCE_PATH, 'utf8')));
  });

  it('the derivation changes only the provider, the generator output and the header', () => {
    const source = readFileSync(SOURCE_PATH, 'utf8');
    const derived = derivePgSchema(source);
    const strip = (s: string) =>
      s.replace(/^\/\/ GENERATED.*\n/, '').replace('provider = "postgresql"', 'provider = "sqlite"').replace('"../../generated/prisma-pg"', '"../generated/prisma-sqlite"');
    expect(strip(derived)).toBe(source);
  });

  it.each(TARGETS.map((target) => ({ name: target.provider, target })))('committed $name migrations match the schema (empty diff)', async ({ target }) => {
    expect(await diffMigrationsToSchema(target, PG_URL)).toBe('');
  });
});
