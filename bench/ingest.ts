/**
 * Ingest benchmark: starts the collector as a child process (SQLite temp file, or `--postgres`), sends
 * real OpenTelemetry SDK protobuf batches from concurrent keep-alive connections (honouring 503/429
 * Retry-After), and prints durable spans/s, p50/p99 request latency, the server's peak RSS, refusals,
 * and whether stored == acknowledged. `--overload` floods a small queue and checks RSS stays bounded.
 *
 *   npm run bench:ingest -- [--postgres] [--connections 32] [--seconds 10] [--batch-size 512] [--json]
 *   npm run bench:ingest -- --overload [--connections 128] [--seconds 20]
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
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { postOtlpProtobuf, spawnServer, type ServerProcess } from '../test/support/serverProcess.js';
import { postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabase.js';
import { buildTemplates, stamp, type Template } from './support/otlpTemplates.js';

const { values: opts } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    overload: { type: 'boolean', default: false },
    connections: { type: 'string' },
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
const connections = Number(opts.connections ?? (opts.overload ? 128 : 32));
const seconds = Number(opts.seconds ?? (opts.overload ? 20 : 10));
const warmupSeconds = Math.min(Number(opts['warmup-seconds']), seconds / 2);
const batchSize = Number(opts['batch-size']);
for (const [name, n] of Object.entries({ connections, seconds, batchSize })) {
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${n}`);
}

// ---------------------------------------------------------------------------------------------
// The server under test, as a child process.

async function startServer(databaseUrl: string): Promise<ServerProcess> {
  const nodeArgs = [...(opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(opts['cpu-prof'])] : []), ...opts['node-arg']];
  const limits = opts.overload ? ['--max-queue-spans', '4096', '--max-inflight-requests', '16'] : [];
  return spawnServer(databaseUrl, { nodeArgs, serverArgs: [...limits, ...opts['server-arg']] });
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
  resets: number;
  otherStatuses: Record<string, number>;
  rejectedSpans: number;
}

async function drive(url: string, templates: Template[], tally: Tally, startMs: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const deadline = startMs + seconds * 1000;
  const measureFrom = startMs + warmupSeconds * 1000;
  let counter = 1;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const connection = async () => {
    while (Date.now() < deadline) {
      const n = counter++;
      const template = templates[n % templates.length]!;
      const body = stamp(template, n);
      const sentAt = performance.now();
      tally.requests++;
      try {
        const res = await postOtlpProtobuf(agent, url, body);
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
  await Promise.all(Array.from({ length: connections }, connection));
  agent.destroy();
  return (Date.now() - measureFrom) / 1000;
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const templates = buildTemplates(Number(opts.templates), batchSize);
  const target = opts.postgres
    ? postgresBenchDatabase()
    : sqliteBenchDatabase({ synchronous: opts['sqlite-synchronous'], keep: opts['keep-db'] });
  const server = await startServer(target.databaseUrl);
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
  const tally: Tally = { ackedSpans: 0, measuredSpans: 0, latenciesMs: [], refusedLatenciesMs: [], requests: 0, refused: 0, resets: 0, otherStatuses: {}, rejectedSpans: 0 };
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
  const measuredSeconds = await drive(server.url, templates, tally, startMs);
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
    database: target.kind,
    connections,
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
    // Spans stored per CPU-second of the collector process: a load-independent efficiency figure.
    spansPerServerCpuSecond: Math.round(tally.ackedSpans / serverCpuSeconds),
    clientCpuSeconds: +clientCpuSeconds.toFixed(2),
    loadAverage1m: +load[0]!.toFixed(2),
    cpus: cpus().length,
    date: new Date().toISOString(),
  };
  if (opts.json) {
    process.stdout.write(JSON.stringify(result) + '\n');
  } else {
    const f = (n: number | null) => (n === null ? 'n/a' : n.toFixed(1));
    const lines = [
      `tracegate ingest benchmark (${result.mode}) on ${result.database}: ${connections} connections x ${batchSize}-span protobuf batches (~${(result.requestBytes / 1024).toFixed(0)} KiB), ${seconds}s (${warmupSeconds}s warm-up)`,
      `  durable spans/s      ${result.durableSpansPerSecond.toLocaleString('en-US')}`,
      `  acknowledged spans   ${result.acknowledgedSpans}   stored ${stored}   stored == acknowledged: ${result.storedEqualsAcknowledged ? 'yes' : 'NO'}`,
      `  request latency      p50 ${f(result.p50LatencyMs)} ms   p99 ${f(result.p99LatencyMs)} ms   (${result.requests} requests)`,
      `  server-side latency  p50 <= ${result.serverP50LatencyMsAtMost} ms   p99 <= ${result.serverP99LatencyMsAtMost} ms   (histogram bucket bounds, whole run)`,
      `  GET /healthz         p50 ${f(result.healthzP50Ms)} ms   max ${f(result.healthzMaxMs)} ms   (event-loop responsiveness under load)`,
      `  server CPU           ${result.serverCpuSeconds} s for ${result.acknowledgedSpans} spans = ${result.spansPerServerCpuSecond.toLocaleString('en-US')} spans per CPU-second   (load generator: ${result.clientCpuSeconds} CPU-s)`,
      `  refused (503/429)    ${result.refused503or429} (answered in p50 ${f(result.refusedP50LatencyMs)} ms, p99 ${f(result.refusedP99LatencyMs)} ms)   connection resets ${result.connectionResets}   other statuses ${JSON.stringify(result.otherStatuses)}`,
      `  server RSS           idle ${result.serverIdleRssMiB} MiB   peak ${result.serverPeakRssMiB} MiB   (middle third ${result.rssMiddleThirdPeakMiB}, last third ${result.rssLastThirdPeakMiB}: ${result.rssBounded ? 'bounded' : 'GROWING'})`,
      `  machine              ${result.cpus} CPUs, load average (1 min) at start ${result.loadAverage1m}, ${result.date}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  if (!result.storedEqualsAcknowledged || (opts.overload && !result.rssBounded)) process.exitCode = 1;
  if (exitCode !== 0) process.stderr.write(`server exited with code ${exitCode}:\n${server.log().slice(-4000)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
