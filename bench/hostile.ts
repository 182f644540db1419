/**
 * Hostile and heavy tenants (issue 11), against the collector as a child process with DEFAULT limits:
 *
 *  1. Big trace: project A sends ONE request holding a 100,000-span trace; meanwhile project B sends
 *     small batches (20 one-span traces) back to back, and /healthz is polled every 100 ms. Prints the
 *     big request's commit time (request sent -> 200), B's acceptance rate meanwhile, /healthz latency.
 *     On SQLite (default worker writer) and on PostgreSQL.
 *  2. Memory: three concurrent ~19 MiB protobuf requests of 300,000 one-span traces each (SQLite), with
 *     /healthz polled; prints the server's peak RSS (VmHWM), the statuses and how fast refusals came.
 *
 *   npm run bench:hostile -- [--spans 100000] [--bodies 3] [--traces-per-body 300000] [--skip-postgres] [--skip-memory] [--skip-big] [--json] [--cpu-prof DIR]
 * PostgreSQL: TRACEGATE_BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test; a fresh schema).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openKeyAdmin } from '../src/main.js';
import { spawnServer, type ServerProcess } from '../test/support/serverProcess.js';
import { bigTrace, oneSpanTraces } from '../test/support/hostileBodies.js';
import { postgresBenchDatabase, sqliteBenchDatabase, type BenchDatabase } from './support/benchDatabase.js';

const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    bodies: { type: 'string', default: '3' },
    'traces-per-body': { type: 'string', default: '300000' },
    'skip-postgres': { type: 'boolean', default: false },
    'skip-memory': { type: 'boolean', default: false },
    'skip-big': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    /** Diagnosis: a V8 CPU profile of each server (every thread) in this directory. */
    'cpu-prof': { type: 'string' },
  },
});
const bigSpans = Number(opts.spans);
const bodies = Number(opts.bodies);
const tracesPerBody = Number(opts['traces-per-body']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MiB = 1024 * 1024;

function post(url: string, key: string, body: Buffer): Promise<{ status: number; ms: number; retryAfter?: string }> {
  const started = performance.now();
  return new Promise((done, fail) => {
    const req = http.request(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length, 'x-api-key': key } }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, ms: performance.now() - started, retryAfter: res.headers['retry-after'] as string | undefined }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? done({ status: -1, ms: performance.now() - started }) : fail(error)));
    req.end(body);
  });
}

/** Polls /healthz every 100 ms until stop(); returns the latencies (ms). */
function pollHealth(url: string): { stop: () => Promise<number[]> } {
  const latencies: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await fetch(`${url}/healthz`).then((r) => r.arrayBuffer()).catch(() => null);
      latencies.push(performance.now() - started);
      await sleep(100);
    }
  })();
  return { stop: async () => ((running = false), await loop, latencies) };
}

function peakKiB(pid: number): number {
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
}
const quantile = (xs: number[], q: number) => (xs.length === 0 ? NaN : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!);
const round = (n: number) => Math.round(n);

/** Two keys (projects a and b) in the database, then the server on it. */
async function serverWithTenants(db: BenchDatabase): Promise<{ server: ServerProcess; keyA: string; keyB: string }> {
  const { admin, close } = await openKeyAdmin(db.databaseUrl);
  let keyA: string;
  let keyB: string;
  try {
    keyA = (await admin.create('heavy')).key;
    keyB = (await admin.create('light')).key;
  } finally {
    await close();
  }
  const nodeArgs = opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(opts['cpu-prof'])] : [];
  return { server: await spawnServer(db.databaseUrl, { nodeArgs }), keyA, keyB };
}

async function bigTraceRun(db: BenchDatabase) {
  const { server, keyA, keyB } = await serverWithTenants(db);
  try {
    const { body } = bigTrace(bigSpans);
    const health = pollHealth(server.url);
    const big = post(server.url, keyA, body);
    let done = false;
    void big.finally(() => (done = true));
    const other: number[] = [];
    const otherMs: number[] = [];
    const small = oneSpanTraces(20);
    while (!done) {
      const r = await post(server.url, keyB, small);
      other.push(r.status);
      otherMs.push(r.ms);
    }
    const res = await big;
    const healthMs = await health.stop();
    return {
      database: db.kind,
      bigTraceSpans: bigSpans,
      bigRequestBytes: body.length,
      bigStatus: res.status,
      bigCommitSeconds: +(res.ms / 1000).toFixed(2),
      otherRequests: other.length,
      otherAccepted: other.filter((s) => s === 200).length,
      otherAcceptanceRate: +(other.filter((s) => s === 200).length / Math.max(1, other.length)).toFixed(3),
      otherP99Ms: round(quantile(otherMs, 0.99)),
      healthzP50Ms: round(quantile(healthMs, 0.5)),
      healthzP99Ms: round(quantile(healthMs, 0.99)),
      healthzMaxMs: round(Math.max(...healthMs)),
      serverPeakRssMiB: round(peakKiB(server.child.pid!) / 1024),
      storedSpans: await db.countSpans(),
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await db.cleanup();
  }
}

async function memoryRun(db: BenchDatabase) {
  const { server, keyA, keyB } = await serverWithTenants(db);
  try {
    const rssBeforeMiB = round(peakKiB(server.child.pid!) / 1024);
    const payloads = Array.from({ length: bodies }, () => oneSpanTraces(tracesPerBody));
    const health = pollHealth(server.url);
    const started = performance.now();
    const results = await Promise.all(payloads.map((b, i) => post(server.url, i % 2 === 0 ? keyA : keyB, b)));
    const seconds = (performance.now() - started) / 1000;
    const healthMs = await health.stop();
    const refused = results.filter((r) => r.status === 503 || r.status === 429);
    // What the server said about answers other than 200 (the end of its log).
    if (results.some((r) => r.status !== 200)) process.stderr.write(`server log (end):\n${server.log().slice(-3000)}\n`);
    return {
      database: db.kind,
      bodies,
      bodyMiB: +(payloads[0]!.length / MiB).toFixed(1),
      spansPerBody: tracesPerBody,
      statuses: results.map((r) => r.status),
      secondsToLastAnswer: +seconds.toFixed(1),
      refusalMaxMs: refused.length ? round(Math.max(...refused.map((r) => r.ms))) : null,
      serverRssAtStartMiB: rssBeforeMiB,
      serverPeakRssMiB: round(peakKiB(server.child.pid!) / 1024),
      healthzP50Ms: round(quantile(healthMs, 0.5)),
      healthzP99Ms: round(quantile(healthMs, 0.99)),
      healthzMaxMs: round(Math.max(...healthMs)),
      storedSpans: await db.countSpans(),
    };
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    await db.cleanup();
  }
}

const report: Record<string, unknown> = {};
if (!opts['skip-big']) {
  report.bigTraceSqlite = await bigTraceRun(sqliteBenchDatabase({ synchronous: 'full' }));
  if (!opts.json) console.log('big trace, SQLite:', report.bigTraceSqlite);
}
if (!opts['skip-big'] && !opts['skip-postgres']) {
  report.bigTracePostgres = await bigTraceRun(postgresBenchDatabase());
  if (!opts.json) console.log('big trace, PostgreSQL:', report.bigTracePostgres);
}
if (!opts['skip-memory']) {
  report.memorySqlite = await memoryRun(sqliteBenchDatabase({ synchronous: 'full' }));
  if (!opts.json) console.log('point-4 bodies, SQLite:', report.memorySqlite);
}
if (opts.json) console.log(JSON.stringify(report, null, 2));
