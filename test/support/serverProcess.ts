/** The service as a child process (`node --import tsx src/main.ts`), for kill -9 tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** A running server child process. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** `host:port` of the OTLP/gRPC receiver, or null when it is off (the default here). */
  grpcAddress: string | null;
  /** The last 20,000 characters the server wrote on stderr (for failure messages). */
  log: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Options: node flags (e.g. --cpu-prof), extra server flags, the gRPC port (default 0: off), and how long start-up may take. */
export interface SpawnServerOptions {
  nodeArgs?: string[];
  grpcPort?: number;
  serverArgs?: string[];
  startTimeoutMs?: number;
}

/** Spawns the service on port 0 against `databaseUrl` and resolves once it logs that it listens. */
export async function spawnServer(databaseUrl: string, opts: SpawnServerOptions = {}): Promise<ServerProcess> {
  const timeoutMs = opts.startTimeoutMs ?? 120_000;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...(opts.nodeArgs ?? []), 'src/main.ts', '--port', '0', '--host', '127.0.0.1', '--database-url', databaseUrl, '--log-level', 'info', '--grpc-port', String(opts.grpcPort ?? 0), ...(opts.serverArgs ?? [])],
    { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  const listening = await new Promise<{ url: string; grpc: string }>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within ${timeoutMs / 1000} s:\n${stderr}`)), timeoutMs);
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-20_000);
      const match = /\{[^\n]*"tracegate listening"[^\n]*\}/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        done(JSON.parse(match[0]) as { url: string; grpc: string });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`server exited before listening (code ${code}, signal ${signal}):\n${stderr}`));
    });
  });
  return { child, url: listening.url, grpcAddress: listening.grpc === 'off' ? null : listening.grpc, log: () => stderr, exited };
}

/** One protobuf POST to /v1/traces over a keep-alive agent, with extra headers (an API key); rejects on socket errors. */
export function postOtlpProtobuf(
  agent: http.Agent,
  url: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; retryAfter: string | undefined; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = http.request(`${url}/v1/traces`, { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}
