/** Starts the real service in-process on port 0 against a fresh database, for integration and e2e tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/app/logger.js';
import { startService, type RunningService } from '../../src/main.js';

export interface TestServer {
  url: string;
  /** `127.0.0.1:PORT` of the OTLP/gRPC receiver, or null when it is off. */
  grpcAddress: string | null;
  databaseUrl: string;
  service: RunningService;
  close(): Promise<void>;
}

/** A TCP port that was free a moment ago on 127.0.0.1 (0 means "off" for the gRPC port, so tests pick one). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Options: a database URL (default: a new SQLite file in a temp dir), extra settings as env vars, and
 * `grpc: true` to start the OTLP/gRPC receiver on a free port (off by default in tests).
 */
export async function startTestServer(opts: { databaseUrl?: string; env?: Record<string, string>; grpc?: boolean } = {}): Promise<TestServer> {
  const dir = opts.databaseUrl ? null : mkdtempSync(join(tmpdir(), 'tracegate-test-'));
  const databaseUrl = opts.databaseUrl ?? `file:${join(dir!, 'tracegate.db')}`;
  // Tests run jobs themselves unless they ask for the scheduler (TRACEGATE_JOBS=on).
  const env = { TRACEGATE_JOBS: 'off', ...opts.env, DATABASE_URL: databaseUrl };
  const logger = createLogger(process.env.TRACEGATE_TEST_LOG === '1' ? 'debug' : 'silent');
  let service: RunningService | null = null;
  for (let attempt = 1; service === null; attempt++) {
    const grpcPort = opts.grpc ? String(await freePort()) : '0';
    const parsed = loadConfig(['--port', '0', '--host', '127.0.0.1', '--grpc-port', grpcPort], env);
    if (!parsed.ok) throw new Error(parsed.message);
    try {
      service = await startService(parsed.config, logger, env);
    } catch (error) {
      // Another process may have taken the free port in between: try another one.
      if (!opts.grpc || attempt >= 3) throw error;
    }
  }
  return {
    url: service.url,
    grpcAddress: service.grpcPort === null ? null : `127.0.0.1:${service.grpcPort}`,
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
