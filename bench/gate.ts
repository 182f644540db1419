/** Benchmark: time to gate 10,000 cases per side (dataset + two outputs files in a temp dir, through runGate), median of 5 runs, with CPU time and a per-phase breakdown. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runGate } from '../src/app/gate/runGate.js';
import { parseDataset } from '../src/domain/cases/parseDataset.js';
import { toDatasetLine } from '../src/domain/cases/toDatasetLine.js';
import { decideGate } from '../src/domain/gate/decideGate.js';
import { DEFAULT_POLICY } from '../src/domain/gate/GatePolicySchema.js';
import { parseOutputs } from '../src/domain/gate/parseOutputs.js';
import { renderGateJson, renderGateMarkdown } from '../src/domain/gate/renderGateText.js';

const N = Number(process.env.GATE_BENCH_CASES ?? 10_000);
const ACTIONS = ['answer', 'abstain', 'clarify', 'refuse', 'escalate'] as const;
const TIERS = ['low', 'medium', 'high', 'critical'] as const;
const dir = mkdtempSync(path.join(tmpdir(), 'tracegate-bench-gate-'));

// Deterministic pseudo-random stream (LCG) so every run gates the same data.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);

const dataset: string[] = [];
const base: string[] = [];
const cand: string[] = [];
for (let i = 0; i < N; i++) {
  const expected = ACTIONS[i % ACTIONS.length]!;
  const id = `case-${i}`;
  dataset.push(toDatasetLine({
    id,
    input: { question: `Question ${i} about policy ${i % 97}?`, documents: [{ id: `kb-${i % 500}`, text: `Policy ${i % 97} allows ${i % 60} days.` }] },
    expectedAction: expected,
    bucket: `bucket-${i % 40}`,
    riskTier: TIERS[i % 4]!,
    evidenceRegime: 'retrieved',
    tags: i % 3 === 0 ? ['retrieval_sensitive'] : [],
    owner: 'bench',
    requiredFacts: expected === 'answer' ? [`${i % 60} days`] : [],
    forbiddenClaims: ['999 days'],
    requiredCitations: expected === 'answer' ? [`kb-${i % 500}`] : [],
    provenance: { source: 'bench' },
  }));
  const record = (action: string) => JSON.stringify({
    case_id: id, action, answer: action === 'answer' ? `Policy ${i % 97} allows ${i % 60} days.` : 'I cannot answer that.',
    citations: action === 'answer' ? [`kb-${i % 500}`] : [], tool_calls: [], latency_ms: Math.round(200 + rand() * 800), cost_usd: 0.001, schema_valid: true,
  });
  base.push(record(rand() < 0.97 ? expected : 'answer'));
  cand.push(record(rand() < 0.96 ? expected : 'answer'));
}
writeFileSync(path.join(dir, 'dataset.jsonl'), dataset.join('\n') + '\n');
writeFileSync(path.join(dir, 'baseline.jsonl'), base.join('\n') + '\n');
writeFileSync(path.join(dir, 'candidate.jsonl'), cand.join('\n') + '\n');

const RUNS = Number(process.env.GATE_BENCH_RUNS ?? 5);
const runs: number[] = [];
const cpu: number[] = [];
let decision = '';
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = await runGate(
    {
      cwd: dir, datasetPath: 'dataset.jsonl', baseline: { kind: 'file', path: 'baseline.jsonl' }, candidate: { kind: 'file', path: 'candidate.jsonl' },
      policyPath: null, only: null, acceptances: [], reportPath: 'report.md', jsonReportPath: 'report.json', replayOutDir: 'replay',
      replay: { concurrency: 1, timeoutMs: 1000, retries: 0 },
    },
    { now: () => new Date(0), progress: () => {} },
  );
  const c = process.cpuUsage(c0);
  runs.push(performance.now() - t0);
  cpu.push((c.user + c.system) / 1000);
  if (result.kind !== 'decided') throw new Error('bench input rejected');
  decision = `${result.report.decision} (${result.report.summary.newFailures} new failures, ${result.report.reasons.length} reasons)`;
}

// One more pass by phase, to show where the time goes.
const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
const phase: Record<string, number> = {};
const timed = <T>(name: string, f: () => T): T => {
  const t = performance.now();
  const out = f();
  phase[name] = performance.now() - t;
  return out;
};
const ds = timed('parse dataset', () => parseDataset(read('dataset.jsonl'), 'dataset.jsonl'));
const b = timed('parse outputs (both)', () => [parseOutputs(read('baseline.jsonl'), 'b'), parseOutputs(read('candidate.jsonl'), 'k')]);
if (!ds.ok || !b[0]!.ok || !b[1]!.ok) throw new Error('bench input rejected');
const meta = { datasetFile: 'dataset.jsonl', datasetVersion: ds.dataset.version, policySource: 'built-in defaults', baselineSource: 'b', candidateSource: 'k', generatedAt: new Date(0).toISOString() };
const report = timed('score + compare + decide', () => decideGate({ cases: ds.dataset.cases, baseline: b[0]!.ok ? b[0]!.records : new Map(), candidate: b[1]!.ok ? b[1]!.records : new Map(), policy: DEFAULT_POLICY, acceptances: [], only: null, meta }));
timed('render JSON + Markdown', () => [renderGateJson(report), renderGateMarkdown(report)]);

if (!process.env.GATE_BENCH_KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`gate: ${N} cases per side (read + parse + score + compare + Markdown and JSON reports written), ${RUNS} runs`);
console.log(`wall (ms): ${runs.map((x) => x.toFixed(0)).join(', ')}; median ${median(runs).toFixed(0)} ms`);
console.log(`CPU (ms, user + system): ${cpu.map((x) => x.toFixed(0)).join(', ')}; median ${median(cpu).toFixed(0)} ms`);
console.log(`by phase (ms, one pass): ${Object.entries(phase).map(([k, v]) => `${k} ${v.toFixed(0)}`).join('; ')}`);
console.log(`decision: ${decision}; 1-minute load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
