/**
 * Ingest benchmark: starts the collector as a child process (SQLite temp file, or `--postgres`), sends
 * real OpenTelemetry SDK protobuf batches from concurrent keep-alive connections (honouring 503/429
 * Retry-After), and prints durable spans/s, p50/p99 request latency, the server's peak RSS, refusals,
 * and whether stored == acknowledged. `--overload` floods a small queue and checks RSS stays bounded.
 *
 *   npm run bench:ingest -- [--postgres] [--connections 32] [--seconds 10] [--batch-size 512] [--shape 8] [--grpc] [--json]
 *   npm run bench:ingest -- --grid [--postgres] [--grpc] [--shapes 1,2,8,nodesdk] [--connections-list 8,16,32] [--seconds 8]
 *   admission: [--projects 1] [--project-inflight N]
 *   npm run bench:ingest -- --overload [--connections 128] [--seconds 20]
 * --shape: spans per trace (1: a chat span; 2: agent root + chat; 8: agent, chats, tools, HTTP), or
 * `nodesdk`: a body a real NodeSDK sent (BatchSpanProcessor + OTLP/HTTP protobuf exporter, default
 * resource detectors) of 2-span traces (HTTP server span -> chat span). --grid runs every shape at every
 * connection count, each on a fresh server and database, and prints one table. --grpc sends OTLP/gRPC
 * (one HTTP/2 connection per sender) instead of OTLP/HTTP.
 * Admission: the server admits at most TRACEGATE_MAX_INFLIGHT_REQUESTS_PER_PROJECT (default 16)
 * requests of one project at once and answers 429 beyond. By default all connections belong to one
 * project (no key) and the server is started with that limit raised to the connection count when it is
 * higher (`--max-inflight-requests-per-project`), so the figures measure throughput, not 429s;
 * `--project-inflight N` sets the limit instead (`--project-inflight 16` keeps the default), and
 * `--projects K` spreads the connections round-robin over K projects (a key each). Every run prints
 * which applied, and counts 429 and 503 answers apart.
 * Diagnosis: --cpu-prof DIR (V8 profile of the server), --server-arg=--max-commit-spans=4096 (repeatable),
 * --node-arg=--single-threaded-gc (a Node/V8 flag for the server process, repeatable),
 * --sqlite-synchronous normal, --keep-db, --warmup-seconds 1, --templates 8. PostgreSQL: TRACEGATE_BENCH_POSTGRES_URL
 * (default postgresql://postgres@127.0.0.1:5432/test; a fresh schema is created and dropped).
 *
 * Batches are built once by the SDK (BasicTracerProvider spans -> ProtobufTraceSerializer). Each send
 * re-stamps a copy of one template (bench/support/otlpTemplates.ts): new, unique, randomly placed ids
 * (parent links preserved) and times moved to the send time, at almost no client cost.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { status as grpcStatus } from '@grpc/grpc-js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { openKeyAdmin } from '../src/main.js';
import { postOtlpProtobuf, spawnServer, type ServerProcess } from '../test/support/serverProcess.js';
import { postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabase.js';
import { buildTemplates, stamp, type Template } from './support/otlpTemplates.js';
import { nodeSdkTemplate } from './support/nodeSdkBody.js';
import { GrpcExportClient } from '../test/support/grpcExport.js';
import { freePort } from '../test/support/startTestServer.js';

const { values: opts } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    overload: { type: 'boolean', default: false },
    grid: { type: 'boolean', default: false },
    grpc: { type: 'boolean', default: false },
    shape: { type: 'string', default: '8' },
    shapes: { type: 'string', default: '1,2,8,nodesdk' },
    'connections-list': { type: 'string', default: '8,16,32' },
    connections: { type: 'string' },
    projects: { type: 'string', default: '1' },
    'project-inflight': { type: 'string' },
    seconds: { type: 'string' },
    'warmup-seconds': { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '512' },
    templates: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    'server-arg': { type: 'string', multiple: true, default: [] },
    'node-arg': { type: 'string', multiple: true, default: [] },
    /** SQLite only: `normal` trades power-loss safety of the last commits for fewer fsyncs (diagnosis). */
    'sqlite-synchronous': { type: 'string', default: 'full' },
    /** SQLite only: keep the database file after the run (its path is printed) to inspect what was stored. */
    'keep-db': { type: 'boolean', default: false },
  },
});
const defaultConnections = Number(opts.connections ?? (opts.overload ? 128 : 32));
const seconds = Number(opts.seconds ?? (opts.overload ? 20 : opts.grid ? 8 : 10));
const warmupSeconds = Math.min(Number(opts['warmup-seconds']), seconds / 2);
const batchSize = Number(opts['batch-size']);
const projectCount = Number(opts.projects);
/** The server's default per-project request slots (src/config.ts maxInflightRequestsPerProject). */
const DEFAULT_PROJECT_INFLIGHT = 16;
for (const [name, n] of Object.entries({ connections: defaultConnections, seconds, batchSize, projects: projectCount })) {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${n}`);
}

// ---------------------------------------------------------------------------------------------
// The server under test, as a child process.

/** How requests are admitted per project in one run: the projects, their keys and the per-project slot limit. */
interface Admission {
  projects: number;
  /** One API key per project, or none (one project, open mode). */
  keys: string[];
  /** The server's per-project in-flight request limit in this run. */
  projectInflight: number;
  /** Where that limit came from, for the printout. */
  limitSource: 'server default' | 'raised to the connections per project' | '--project-inflight';
}

/** The admission of a run with `connections` senders (see the header comment). */
function admissionFor(connections: number): Omit<Admission, 'keys'> {
  if (opts['project-inflight'] !== undefined) {
    const n = Number(opts['project-inflight']);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--project-inflight must be a positive integer, got ${opts['project-inflight']}`);
    return { projects: projectCount, projectInflight: n, limitSource: '--project-inflight' };
  }
  const perProject = Math.ceil(connections / projectCount);
  if (opts.overload || perProject <= DEFAULT_PROJECT_INFLIGHT) return { projects: projectCount, projectInflight: DEFAULT_PROJECT_INFLIGHT, limitSource: 'server default' };
  return { projects: projectCount, projectInflight: perProject, limitSource: 'raised to the connections per project' };
}

/** One line saying how the run's connections were admitted. */
function describeAdmission(r: { projects: number; projectInflightLimit: number; projectInflightLimitSource: string; connections: number }): string {
  const spread = r.projects === 1 ? 'all in one project' : `spread over ${r.projects} projects (${Math.ceil(r.connections / r.projects)} per project at most)`;
  return `${r.connections} connections ${spread}; per-project in-flight limit ${r.projectInflightLimit} (${r.projectInflightLimitSource})`;
}

/** API keys for `projects` projects (none for one project: the server stays in open mode). */
async function projectKeys(databaseUrl: string, projects: number): Promise<string[]> {
  if (projects === 1) return [];
  const { admin, close } = await openKeyAdmin(databaseUrl);
  try {
    const keys: string[] = [];
    for (let i = 0; i < projects; i++) keys.push((await admin.create(`bench-${i + 1}`)).key);
    return keys;
  } finally {
    await close();
  }
}

async function startServer(databaseUrl: string, admission: Omit<Admission, 'keys'>): Promise<ServerProcess> {
  const nodeArgs = [...(opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(opts['cpu-prof'])] : []), ...opts['node-arg']];
  const limits = opts.overload ? ['--max-queue-spans', '4096', '--max-inflight-requests', '16'] : [];
  if (admission.limitSource !== 'server default') limits.push('--max-inflight-requests-per-project', String(admission.projectInflight));
  const grpcPort = opts.grpc ? await freePort() : 0;
  return spawnServer(databaseUrl, { nodeArgs, grpcPort, serverArgs: [...limits, ...opts['server-arg']] });
}

/** CPU seconds (user + system) the process has used so far; /proc/PID/stat counts in 1/100 s ticks on Linux. */
function readCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The upper bound (seconds) of the histogram bucket holding quantile q of /v1/traces 200 responses. */
function serverQuantile(metricsText: string, q: number): number | null {
  const re = /^tracegate_http_request_duration_seconds_bucket\{([^}]*)\} (\S+)$/gm;
  // Labels in any order (prom-client writes `le` first).
  const buckets = [...metricsText.matchAll(re)]
    .filter((m) => m[1]!.includes('route="/v1/traces"') && m[1]!.includes('status="200"'))
    .map((m) => {
      const le = /le="([^"]+)"/.exec(m[1]!)?.[1];
      return { le: le === '+Inf' ? Infinity : Number(le), count: Number(m[2]) };
    });
  const total = buckets.find((b) => b.le === Infinity)?.count ?? 0;
  if (total === 0) return null;
  return buckets.sort((a, b) => a.le - b.le).find((b) => b.count >= q * total)?.le ?? null;
}

function readRssKiB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

// ---------------------------------------------------------------------------------------------
// Load generation.

interface Tally {
  ackedSpans: number;
  measuredSpans: number;
  latenciesMs: number[];
  /** How long a refusal (503/429) took to arrive: how fast the server says no. */
  refusedLatenciesMs: number[];
  requests: number;
  refused: number;
  refused429: number;
  resets: number;
  otherStatuses: Record<string, number>;
  rejectedSpans: number;
}

/** One export over HTTP (keep-alive agent) or gRPC (one client, i.e. one HTTP/2 connection, per sender), as an HTTP-like status. */
type Send = (body: Buffer) => Promise<{ status: number; retryAfter: string | undefined; body: Buffer }>;

/** Sender i uses keys[i % keys.length] (no key when there are none). */
function senders(server: ServerProcess, connections: number, keys: readonly string[]): { send: Send[]; close: () => void } {
  const keyOf = (i: number): Record<string, string> => (keys.length > 0 ? { 'x-api-key': keys[i % keys.length]! } : {});
  if (!opts.grpc) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
    return {
      send: Array.from({ length: connections }, (_, i): Send => (body) => postOtlpProtobuf(agent, server.url, body, keyOf(i))),
      close: () => agent.destroy(),
    };
  }
  const clients = Array.from({ length: connections }, () => new GrpcExportClient(server.grpcAddress!, 'traces', { separateConnection: true }));
  const send = clients.map((client, i): Send => async (body) => {
    const res = await client.send(body, keyOf(i));
    if (res.ok) return { status: 200, retryAfter: undefined, body: res.body };
    // RESOURCE_EXHAUSTED with RetryInfo is the per-project slot refusal (HTTP 429); UNAVAILABLE is 503.
    if (res.code === grpcStatus.RESOURCE_EXHAUSTED) return { status: 429, retryAfter: '1', body: Buffer.alloc(0) };
    if (res.code === grpcStatus.UNAVAILABLE) return { status: 503, retryAfter: '1', body: Buffer.alloc(0) };
    return { status: 1000 + res.code, retryAfter: undefined, body: Buffer.alloc(0) };
  });
  return { send, close: () => clients.forEach((c) => c.close()) };
}

async function drive(server: ServerProcess, connections: number, keys: readonly string[], templates: Template[], tally: Tally, startMs: number): Promise<number> {
  const { send, close } = senders(server, connections, keys);
  const deadline = startMs + seconds * 1000;
  const measureFrom = startMs + warmupSeconds * 1000;
  let counter = 1;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const connection = async (index: number) => {
    while (Date.now() < deadline) {
      const n = counter++;
      const template = templates[n % templates.length]!;
      const body = stamp(template, n);
      const sentAt = performance.now();
      tally.requests++;
      try {
        const res = await send[index]!(body);
        if (res.status === 200) {
          const rejected = Number(ProtobufTraceSerializer.deserializeResponse(new Uint8Array(res.body)).partialSuccess?.rejectedSpans ?? 0);
          tally.rejectedSpans += rejected;
          tally.ackedSpans += template.spans - rejected;
          if (Date.now() >= measureFrom) {
            tally.measuredSpans += template.spans - rejected;
            tally.latenciesMs.push(performance.now() - sentAt);
          }
        } else if (res.status === 503 || res.status === 429) {
          tally.refused++;
          if (res.status === 429) tally.refused429++;
          tally.refusedLatenciesMs.push(performance.now() - sentAt);
          await sleep(Math.max(0, Number(res.retryAfter ?? 1)) * 1000);
        } else {
          tally.otherStatuses[res.status] = (tally.otherStatuses[res.status] ?? 0) + 1;
        }
      } catch {
        tally.resets++; // the server closed a refused connection before reading the body
        await sleep(100);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, i) => connection(i)));
  close();
  return (Date.now() - measureFrom) / 1000;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The request templates of one trace shape. */
async function templatesOf(shape: string): Promise<Template[]> {
  if (shape === 'nodesdk') return [await nodeSdkTemplate(batchSize)];
  return buildTemplates(Number(opts.templates), batchSize, Number(shape));
}

/** One benchmark run (fresh server and database) with `connections` senders of `shape` traces. */
async function runOnce(shape: string, connections: number) {
  const templates = await templatesOf(shape);
  const target = opts.postgres
    ? postgresBenchDatabase()
    : sqliteBenchDatabase({ synchronous: opts['sqlite-synchronous'], keep: opts['keep-db'] });
  const admitted = admissionFor(connections);
  const keys = await projectKeys(target.databaseUrl, admitted.projects);
  const server = await startServer(target.databaseUrl, admitted);
  const pid = server.child.pid!;
  const idleRssKiB = readRssKiB(pid).rss;
  const rssSamples: Array<{ atMs: number; rssKiB: number }> = [];
  const startMs = Date.now();
  const sampler = setInterval(() => {
    try {
      rssSamples.push({ atMs: Date.now() - startMs, rssKiB: readRssKiB(pid).rss });
    } catch {
      // the process is gone
    }
  }, 100);
  const tally: Tally = { ackedSpans: 0, measuredSpans: 0, latenciesMs: [], refusedLatenciesMs: [], requests: 0, refused: 0, refused429: 0, resets: 0, otherStatuses: {}, rejectedSpans: 0 };
  // Responsiveness probe: /healthz does no I/O, so its latency is the server's event-loop stall.
  const healthzMs: number[] = [];
  let probing = true;
  const probe = (async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    while (probing) {
      const at = performance.now();
      await new Promise<void>((done) => {
        http.get(`${server.url}/healthz`, { agent }, (res) => res.resume().on('end', done)).on('error', () => done());
      });
      healthzMs.push(performance.now() - at);
      await new Promise((r) => setTimeout(r, 250));
    }
    agent.destroy();
  })();
  const load = loadavg();
  const serverCpuStart = readCpuSeconds(pid);
  const clientCpuStart = process.cpuUsage();
  const measuredSeconds = await drive(server, connections, keys, templates, tally, startMs);
  clearInterval(sampler);
  probing = false;
  await probe;
  const serverCpuSeconds = readCpuSeconds(pid) - serverCpuStart;
  const clientCpu = process.cpuUsage(clientCpuStart);
  const clientCpuSeconds = (clientCpu.user + clientCpu.system) / 1e6;
  const { hwm } = readRssKiB(pid);
  const metricsText = await (await fetch(`${server.url}/metrics`)).text();
  server.child.kill('SIGTERM');
  const exitCode = (await server.exited).code;
  let stored: number | null = null;
  try {
    stored = await target.countSpans();
  } finally {
    await target.cleanup();
  }

  const lat = tally.latenciesMs.sort((a, b) => a - b);
  // The heap grows to its working set early on; growth between the middle and the last third means leaking.
  const third = (seconds * 1000) / 3;
  const peak = (samples: typeof rssSamples) => samples.reduce((m, s) => Math.max(m, s.rssKiB), 0);
  const middlePeakKiB = peak(rssSamples.filter((s) => s.atMs >= third && s.atMs < 2 * third));
  const lastPeakKiB = peak(rssSamples.filter((s) => s.atMs >= 2 * third));
  const result = {
    mode: opts.overload ? 'overload' : 'throughput',
    protocol: opts.grpc ? 'grpc' : 'http/protobuf',
    database: target.kind,
    shape: shape === 'nodesdk' ? 'nodesdk (2-span traces)' : `${shape}-span traces`,
    connections,
    projects: admitted.projects,
    projectInflightLimit: admitted.projectInflight,
    projectInflightLimitSource: admitted.limitSource,
    batchSize,
    seconds,
    warmupSeconds,
    requestBytes: Math.round(templates.reduce((s, t) => s + t.bytes.length, 0) / templates.length),
    durableSpansPerSecond: Math.round(tally.measuredSpans / measuredSeconds),
    acknowledgedSpans: tally.ackedSpans,
    storedSpans: stored,
    storedEqualsAcknowledged: stored === tally.ackedSpans,
    requests: tally.requests,
    p50LatencyMs: percentile(lat, 50),
    p99LatencyMs: percentile(lat, 99),
    serverP50LatencyMsAtMost: (serverQuantile(metricsText, 0.5) ?? NaN) * 1000,
    serverP99LatencyMsAtMost: (serverQuantile(metricsText, 0.99) ?? NaN) * 1000,
    healthzP50Ms: percentile(healthzMs.sort((a, b) => a - b), 50),
    healthzMaxMs: healthzMs.length > 0 ? healthzMs[healthzMs.length - 1]! : null,
    refused503or429: tally.refused,
    refused429: tally.refused429,
    refused503: tally.refused - tally.refused429,
    refusedP50LatencyMs: percentile(tally.refusedLatenciesMs.sort((a, b) => a - b), 50),
    refusedP99LatencyMs: percentile(tally.refusedLatenciesMs, 99),
    connectionResets: tally.resets,
    otherStatuses: tally.otherStatuses,
    rejectedSpans: tally.rejectedSpans,
    serverIdleRssMiB: +(idleRssKiB / 1024).toFixed(1),
    serverPeakRssMiB: +(Math.max(hwm, peak(rssSamples)) / 1024).toFixed(1),
    rssMiddleThirdPeakMiB: +(middlePeakKiB / 1024).toFixed(1),
    rssLastThirdPeakMiB: +(lastPeakKiB / 1024).toFixed(1),
    // Bounded: no growth from the middle to the last third of the run beyond 10 % + 16 MiB of noise.
    rssBounded: lastPeakKiB <= middlePeakKiB * 1.1 + 16 * 1024,
    serverSpansAcceptedTotal: Number(/^tracegate_spans_accepted_total(?:\{[^}]*\})? (\S+)/m.exec(metricsText)?.[1] ?? NaN),
    serverExitCode: exitCode,
    serverCpuSeconds: +serverCpuSeconds.toFixed(2),
    serverCpuMicrosPerSpan: +((serverCpuSeconds * 1e6) / Math.max(1, tally.ackedSpans)).toFixed(1),
    // Spans stored per CPU-second of the collector process: a load-independent efficiency figure.
    spansPerServerCpuSecond: Math.round(tally.ackedSpans / serverCpuSeconds),
    clientCpuSeconds: +clientCpuSeconds.toFixed(2),
    loadAverage1m: +load[0]!.toFixed(2),
    cpus: cpus().length,
    date: new Date().toISOString(),
  };
  if (exitCode !== 0) process.stderr.write(`server exited with code ${exitCode}:\n${server.log().slice(-4000)}\n`);
  return result;
}

type Result = Awaited<ReturnType<typeof runOnce>>;

function printRun(result: Result): void {
  const { connections, batchSize: size, seconds: secs, warmupSeconds: warmup } = result;
  if (opts.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    const f = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1));
    const lines = [
      `tracegate ingest benchmark (${result.mode}, ${result.protocol}) on ${result.database}: ${connections} connections x ${size}-span batches of ${result.shape} (~${(result.requestBytes / 1024).toFixed(0)} KiB), ${secs}s (${warmup}s warm-up)`,
      `  admission            ${describeAdmission(result)}`,
      `  durable spans/s      ${result.durableSpansPerSecond.toLocaleString('en-US')}`,
      `  acknowledged spans   ${result.acknowledgedSpans}   stored ${result.storedSpans}   stored == acknowledged: ${result.storedEqualsAcknowledged ? 'yes' : 'NO'}`,
      `  request latency      p50 ${f(result.p50LatencyMs)} ms   p99 ${f(result.p99LatencyMs)} ms   (${result.requests} requests)`,
      `  server-side latency  p50 <= ${result.serverP50LatencyMsAtMost} ms   p99 <= ${result.serverP99LatencyMsAtMost} ms   (histogram bucket bounds, whole run)`,
      `  GET /healthz         p50 ${f(result.healthzP50Ms)} ms   max ${f(result.healthzMaxMs)} ms   (event-loop responsiveness under load)`,
      `  server CPU           ${result.serverCpuSeconds} s for ${result.acknowledgedSpans} spans = ${result.serverCpuMicrosPerSpan} µs per span = ${result.spansPerServerCpuSecond.toLocaleString('en-US')} spans per CPU-second   (load generator: ${result.clientCpuSeconds} CPU-s)`,
      `  refused              ${result.refused503or429}: ${result.refused503} 503, ${result.refused429} 429 (answered in p50 ${f(result.refusedP50LatencyMs)} ms, p99 ${f(result.refusedP99LatencyMs)} ms)   connection resets ${result.connectionResets}   other statuses ${JSON.stringify(result.otherStatuses)}`,
      `  server RSS           idle ${result.serverIdleRssMiB} MiB   peak ${result.serverPeakRssMiB} MiB   (middle third ${result.rssMiddleThirdPeakMiB}, last third ${result.rssLastThirdPeakMiB}: ${result.rssBounded ? 'bounded' : 'GROWING'})`,
      `  machine              ${result.cpus} CPUs, load average (1 min) at start ${result.loadAverage1m}, ${result.date}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
}

/** One grid table row (also printed on stderr as each run ends). */
function gridRow(r: Result): string {
  const f = (n: number | null) => (n === null ? 'n/a' : n.toFixed(0));
  const refused = r.refused503or429 > 0 ? ` (refused: ${r.refused503} 503, ${r.refused429} 429)` : '';
  return `| ${r.shape} | ${r.connections} | ${r.projects} / ${r.projectInflightLimit} | ${r.durableSpansPerSecond.toLocaleString('en-US')} | ${f(r.p50LatencyMs)} / ${f(r.p99LatencyMs)} | ${r.serverCpuMicrosPerSpan} | ${r.spansPerServerCpuSecond.toLocaleString('en-US')} | ${r.serverPeakRssMiB} | ${r.storedEqualsAcknowledged ? 'yes' : 'NO'}${refused} | ${r.loadAverage1m} |`;
}

/** The grid as one table: a row per (shape, connections). */
function printGrid(results: Result[]): void {
  const first = results[0]!;
  const lines = [
    `tracegate ingest grid on ${first.database} (${first.protocol}), ${first.batchSize}-span batches, ${first.seconds}s per run (${first.warmupSeconds}s warm-up), ${first.cpus} CPUs, ${first.date}`,
    `admission: ${[...new Set(results.map((r) => `${r.projects === 1 ? 'one project' : `${r.projects} projects`}, per-project slots ${r.projectInflightLimitSource}`))].join('; ')} (column "projects / per-project slots")`,
    '| shape | connections | projects / per-project slots | durable spans/s | p50 / p99 ms | server CPU µs/span | spans per server CPU-s | peak RSS MiB | stored == acked | load 1m |',
    '|---|---:|---|---:|---|---:|---:|---:|---|---:|',
    ...results.map(gridRow),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  if (!opts.grid) {
    const result = await runOnce(opts.shape, defaultConnections);
    printRun(result);
    if (!result.storedEqualsAcknowledged || (opts.overload && !result.rssBounded)) process.exitCode = 1;
    return;
  }
  const results: Result[] = [];
  for (const shape of opts.shapes.split(',')) {
    for (const connections of opts['connections-list'].split(',').map(Number)) {
      const result = await runOnce(shape, connections);
      if (opts.json) printRun(result);
      else process.stderr.write(`${gridRow(result)}\n`);
      results.push(result);
      if (!result.storedEqualsAcknowledged) process.exitCode = 1;
    }
  }
  if (!opts.json) printGrid(results);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
