/** Benchmark: time to gate 10,000 cases per side (dataset + two outputs files in a temp dir, through runGate). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runGate } from '../src/app/gate/runGate.js';
import { toDatasetLine } from '../src/domain/cases/toDatasetLine.js';

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

const runs: number[] = [];
let decision = '';
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const result = await runGate(
    {
      cwd: dir, datasetPath: 'dataset.jsonl', baseline: { kind: 'file', path: 'baseline.jsonl' }, candidate: { kind: 'file', path: 'candidate.jsonl' },
      policyPath: null, only: null, acceptances: [], reportPath: 'report.md', jsonReportPath: 'report.json', replayOutDir: 'replay',
      replay: { concurrency: 1, timeoutMs: 1000, retries: 0 },
    },
    { now: () => new Date(0), progress: () => {} },
  );
  runs.push(performance.now() - t0);
  if (result.kind !== 'decided') throw new Error('bench input rejected');
  decision = `${result.report.decision} (${result.report.summary.newFailures} new failures, ${result.report.reasons.length} reasons)`;
}
if (!process.env.GATE_BENCH_KEEP) rmSync(dir, { recursive: true, force: true }); else console.log(dir);
const sorted = [...runs].sort((a, b) => a - b);
console.log(`gate: ${N} cases per side (read + parse + score + compare + Markdown and JSON reports written)`);
console.log(`runs (ms): ${runs.map((x) => x.toFixed(0)).join(', ')}; median ${sorted[1]!.toFixed(0)} ms; decision ${decision}`);
