/**
 * Canary decisions on the STORED path: traces go into 5-minute cohort windows (encoded as stored), looks
 * read the windows back, merge them and carry the sequential state through its JSON, as the canary job does.
 *   (a) error rates: A/A false FAIL and refusal 5% -> 10% detection, looks every 50 traces/arm (codec path, in memory)
 *   (b) one look over 1,000,000 scored traces per arm from the database (SQLite, then PostgreSQL):
 *       windows written through the real store, then runCanaryLook (read, decode, merge, decide, save) timed.
 *
 *   npm run bench:canary-store -- [--runs N] [--seed S] [--per-arm N] [--skip-rates] [--skip-1m] [--skip-postgres]
 */
import { randomBytes } from 'node:crypto';
import type { WindowedTrace } from '../src/app/canary/canaryPorts.js';
import { COHORT_WINDOW_MS, MERGED_SUMMARY_OPTIONS, recordScoredTraces, WINDOW_SUMMARY_OPTIONS } from '../src/app/canary/cohortWindows.js';
import { parseStoredPolicy, readArms, runCanaryLook } from '../src/app/canary/evaluateCanary.js';
import { startCanary } from '../src/app/canary/manageCanaries.js';
import { addToArmSummary } from '../src/domain/canary/armSummary.js';
import { addExample, createCohortSummary, decodeCohortSummary, encodeCohortSummary, mergeCohortSummaries } from '../src/domain/canary/armSummaryCodec.js';
import { decideCanary, type CanaryRunState } from '../src/domain/canary/decideCanary.js';
import { DEFAULT_POLICY } from '../src/domain/canary/defaultPolicy.js';
import { wilsonInterval } from '../src/domain/stats/wilson.js';
import { openDatabase } from '../src/store/openDatabase.js';
import { postgresBenchDatabase, sqliteBenchDatabase, type BenchDatabase } from './support/benchDatabase.js';
import { BASE, prng, simulateTrace, type ArmModel } from './support/canarySim.js';

const args = process.argv.slice(2);
const flag = (n: string): string | undefined => (args.includes(n) ? args[args.indexOf(n) + 1] : undefined);
const RUNS = Number(flag('--runs') ?? 100);
const SEED = Number(flag('--seed') ?? 1);
const PER_ARM = Number(flag('--per-arm') ?? 1_000_000);
const STEP = 50;
const LOOKS = 40; // up to 2,000 per arm
const TRACES_PER_WINDOW = 500; // a new window every 10 looks

const gated = { ...DEFAULT_POLICY, canary: { ...DEFAULT_POLICY.canary, metrics: Object.fromEntries(Object.entries(DEFAULT_POLICY.canary.metrics).filter(([, m]) => m.alphaWeight > 0)) } } as typeof DEFAULT_POLICY;

/** One run on the stored path: windows encoded as text, each look decodes and merges them and round-trips the state JSON. */
function storedRun(base: ArmModel, canary: ArmModel, seed: number): number | null {
  const rnd = prng(seed);
  const windows = { b: [] as string[], c: [] as string[] };
  let open = { b: createCohortSummary({ ...WINDOW_SUMMARY_OPTIONS, seed: seed ^ 1 }), c: createCohortSummary({ ...WINDOW_SUMMARY_OPTIONS, seed: seed ^ 2 }) };
  let stateJson: string | null = null;
  for (let look = 1; look <= LOOKS; look += 1) {
    for (let i = 0; i < STEP; i += 1) {
      addToArmSummary(open.b.arm, simulateTrace(base, rnd));
      addToArmSummary(open.c.arm, simulateTrace(canary, rnd));
    }
    const current = { b: encodeCohortSummary(open.b), c: encodeCohortSummary(open.c) };
    const merged = (closed: string[], cur: string, s: number) => mergeCohortSummaries([...closed, cur].map(decodeCohortSummary), { ...MERGED_SUMMARY_OPTIONS, seed: s });
    const d = decideCanary({ policy: gated, baseline: merged(windows.b, current.b, 0x1111).arm, canary: merged(windows.c, current.c, 0x2222).arm, previous: stateJson ? (JSON.parse(stateJson) as CanaryRunState) : null });
    stateJson = JSON.stringify(d.state);
    if (d.verdict === 'FAIL') return look * STEP;
    if ((look * STEP) % TRACES_PER_WINDOW === 0) {
      windows.b.push(current.b);
      windows.c.push(current.c);
      open = { b: createCohortSummary({ ...WINDOW_SUMMARY_OPTIONS, seed: seed ^ (look * 3) }), c: createCohortSummary({ ...WINDOW_SUMMARY_OPTIONS, seed: seed ^ (look * 5) }) };
    }
  }
  return null;
}

function rates(): void {
  const t0 = Date.now();
  const aa = Array.from({ length: RUNS }, (_, r) => storedRun(BASE, BASE, SEED * 7_000_003 + r)).filter((x) => x !== null).length;
  const ci = wilsonInterval(aa, RUNS, 0.95);
  console.log(`(a) stored path, ${RUNS} runs, looks every ${STEP}/arm up to ${STEP * LOOKS}, a window every ${TRACES_PER_WINDOW}:`);
  console.log(`    A/A false FAIL: ${aa}/${RUNS} = ${(100 * aa / RUNS).toFixed(2)}% [95% CI ${(100 * ci.lower).toFixed(2)}%, ${(100 * ci.upper).toFixed(2)}%] (alpha 5%)`);
  const det = Array.from({ length: RUNS }, (_, r) => storedRun(BASE, { ...BASE, refusal: 0.1 }, SEED * 9_000_011 + r));
  const within = det.filter((x) => x !== null && x <= 1000).length;
  const dci = wilsonInterval(within, RUNS, 0.95);
  console.log(`    refusal 5% -> 10%: FAIL within 1,000/arm ${within}/${RUNS} = ${(100 * within / RUNS).toFixed(1)}% [${(100 * dci.lower).toFixed(1)}%, ${(100 * dci.upper).toFixed(1)}%]; by ${STEP * LOOKS}: ${(100 * det.filter((x) => x !== null).length / RUNS).toFixed(1)}%  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

async function oneMillion(target: BenchDatabase): Promise<void> {
  const db = await openDatabase(target.databaseUrl);
  try {
    const project = (await db.control.createProject('bench')).id;
    const startMs = Date.UTC(2026, 10, 1, 8);
    const spanMs = 4 * 3_600_000; // 4 hours of traffic: 48 windows per arm
    const rnd = prng(SEED ^ 0x5151);
    const t0 = performance.now();
    const BATCH = 20_000;
    for (let done = 0; done < PER_ARM; done += BATCH / 2) {
      const batch: WindowedTrace[] = [];
      for (let i = 0; i < BATCH; i += 1) {
        const release = i % 2 === 0 ? 'v1' : 'v2';
        const observation = simulateTrace(BASE, rnd);
        batch.push({ traceId: randomBytes(16).toString('hex'), service: 'bench', environment: 'prod', startMs: startMs + ((done + i / 2) / PER_ARM) * spanMs, cohorts: { 'service.version': release }, observation, categories: { finishClass: ['stop'], tool: [], model: ['m'], errorType: [] } });
      }
      await recordScoredTraces(db.canary, project, batch, Date.now());
    }
    const writeS = (performance.now() - t0) / 1000;
    console.log(`(b) ${target.kind}: wrote ${PER_ARM.toLocaleString('en')} scored traces per arm into ${Math.ceil(spanMs / COHORT_WINDOW_MS)} windows per arm in ${writeS.toFixed(1)} s (${Math.round((2 * PER_ARM) / writeS).toLocaleString('en')} traces/s through the cohort-window hook path)`);
    const { canary } = await startCanary(db.canary, { projectId: project, baseline: 'v1', canary: 'v2', service: 'bench', environment: 'prod' }, startMs);
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let c = canary;
    let verdict = '';
    for (let i = 0; i < 3; i += 1) {
      const s = performance.now();
      const cpu0 = process.cpuUsage();
      const look = await runCanaryLook(db.canary, c, startMs + spanMs + i * 60_000);
      times.push(performance.now() - s);
      const cpu = process.cpuUsage(cpu0);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
      verdict = look.decision.verdict;
      c = (await db.canary.getCanary(c.id))!;
    }
    const q = { projectId: project, baseline: 'v1', canary: 'v2', service: 'bench', environment: 'prod' };
    const arms = await readArms(db.canary, q, startMs);
    times.sort((a, b) => a - b);
    await breakdown(db, q, startMs, c.policy);
    console.log(`    one look from the database (read ${2 * Math.ceil(spanMs / COHORT_WINDOW_MS)} windows, decode, merge, decide all ${Object.values(DEFAULT_POLICY.canary.metrics).filter((m) => m.enabled).length} metrics, save): median ${times[1]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times[2]!.toFixed(0)}), CPU of this process median ${[...cpuTimes].sort((a, b) => a - b)[1]!.toFixed(0)} ms; arms ${arms.baseline.arm.traces.toLocaleString('en')} / ${arms.canary.arm.traces.toLocaleString('en')} traces; verdict ${verdict}`);
  } finally {
    await db.close();
    await target.cleanup();
  }
}

/** Where one look's time goes: the window read (wall and this process's CPU), decode, merge and decide, each the median of 3. */
async function breakdown(db: Awaited<ReturnType<typeof openDatabase>>, q: { projectId: string; baseline: string; canary: string; service: string; environment: string }, startMs: number, policyText: string): Promise<void> {
  const policy = parseStoredPolicy(policyText);
  const parts: Record<string, number[]> = { read: [], readCpu: [], decode: [], merge: [], decide: [] };
  let bytes = 0;
  for (let i = 0; i < 3; i += 1) {
    const cpu0 = process.cpuUsage();
    let t = performance.now();
    const rows = await db.canary.readWindows({ ...q, cohortAttribute: 'service.version', cohorts: [q.baseline, q.canary], fromMs: startMs });
    parts.read!.push(performance.now() - t);
    const cpu = process.cpuUsage(cpu0);
    parts.readCpu!.push((cpu.user + cpu.system) / 1000);
    bytes = rows.reduce((n, r) => n + r.summary.length, 0);
    t = performance.now();
    const decoded = rows.map((r) => ({ cohort: r.cohort, s: decodeCohortSummary(r.summary) }));
    parts.decode!.push(performance.now() - t);
    t = performance.now();
    const b = mergeCohortSummaries(decoded.filter((d) => d.cohort === q.baseline).map((d) => d.s), { ...MERGED_SUMMARY_OPTIONS, seed: 0x1111 });
    const c = mergeCohortSummaries(decoded.filter((d) => d.cohort === q.canary).map((d) => d.s), { ...MERGED_SUMMARY_OPTIONS, seed: 0x2222 });
    parts.merge!.push(performance.now() - t);
    t = performance.now();
    decideCanary({ policy, baseline: b.arm, canary: c.arm });
    parts.decide!.push(performance.now() - t);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[1]!.toFixed(0);
  console.log(`    breakdown (median of 3): read ${med(parts.read!)} ms wall / ${med(parts.readCpu!)} ms CPU in this process (${(bytes / 1e6).toFixed(2)} MB of summaries), decode ${med(parts.decode!)} ms, merge ${med(parts.merge!)} ms, decide ${med(parts.decide!)} ms`);
}

console.log('canary stored-path bench (shared, busy 2-core machine: figures are noisy)');
if (!args.includes('--skip-rates')) rates();
if (!args.includes('--skip-1m')) {
  await oneMillion(sqliteBenchDatabase({ synchronous: 'normal' }));
  if (!args.includes('--skip-postgres')) await oneMillion(postgresBenchDatabase());
}
