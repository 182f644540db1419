#!/usr/bin/env node
// Generates the Prisma clients for both schemas (npm "postinstall"). Works offline: `prisma generate`
// never runs the schema engine, it only checks that one exists, so PRISMA_SCHEMA_ENGINE_BINARY points
// at a stub that fails loudly if a stock command really needs the engine. CHECKPOINT_DISABLE stops the
// CLI's telemetry call. See docs/storage.md and ../shared/PRISMA-OFFLINE.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = join(root, 'node_modules', 'prisma', 'build', 'index.js');
if (!existsSync(prismaCli)) {
  // Production install without devDependencies: nothing to generate with.
  console.warn('prisma-generate: the prisma CLI is not installed (omitted devDependencies?); skipping generation');
  process.exit(0);
}

const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? join(root, 'scripts', 'no-schema-engine.sh'),
};

for (const schema of ['prisma/schema.prisma', 'prisma/postgres/schema.prisma']) {
  const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`prisma-generate: \`prisma generate --schema ${schema}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
