/** Starts the real service in-process on port 0 against a fresh database, for integration and e2e tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/app/logger.js';
import { startService, type RunningService } from '../../src/main.js';

export interface TestServer {
  url: string;
  databaseUrl: string;
  service: RunningService;
  close(): Promise<void>;
}

/** Options: a database URL (default: a new SQLite file in a temp dir) and extra settings as env vars. */
export async function startTestServer(opts: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestServer> {
  const dir = opts.databaseUrl ? null : mkdtempSync(join(tmpdir(), 'tracegate-test-'));
  const databaseUrl = opts.databaseUrl ?? `file:${join(dir!, 'tracegate.db')}`;
  // Tests run jobs themselves unless they ask for the scheduler (TRACEGATE_JOBS=on).
  const env = { TRACEGATE_JOBS: 'off', ...opts.env, DATABASE_URL: databaseUrl };
  const parsed = loadConfig(['--port', '0', '--host', '127.0.0.1'], env);
  if (!parsed.ok) throw new Error(parsed.message);
  const service = await startService(parsed.config, createLogger(process.env.TRACEGATE_TEST_LOG === '1' ? 'debug' : 'silent'), env);
  return {
    url: service.url,
    databaseUrl,
    service,
    close: async () => {
      await service.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The PostgreSQL URL tests use (CI: 127.0.0.1:5432, trust auth, database `test`), with a fresh schema. */
export function postgresTestUrl(schema: string): string {
  const base = process.env.TRACEGATE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
  return `${base}${base.includes('?') ? '&' : '?'}schema=${schema}`;
}
