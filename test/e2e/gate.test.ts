import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Runs `node bin/tracegate.js ...` as a child process (async, so in-process servers keep serving). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = path.join(ROOT, 'test/fixtures/gate');

function tracegate(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/tracegate.js'), ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 99) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const tmp = mkdtempSync(path.join(tmpdir(), 'tracegate-gate-e2e-'));
const ds = path.join(FIX, 'dataset.jsonl');
const base = path.join(FIX, 'baseline.jsonl');
const write = (name: string, text: string) => {
  const p = path.join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('tracegate gate (files)', () => {
  it('blocks (exit 1) a candidate that newly answers where abstain was expected on a high-risk case, naming case and blocker', async () => {
    const report = path.join(tmp, 'regressed.md');
    const r = await tracegate(['gate', '--dataset', ds, '--baseline', base, '--candidate', path.join(FIX, 'candidate-regressed.jsonl'), '--report', report]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('BLOCKED');
    // One line per failing case: its blockers, NEW (passed in the baseline) and the reason codes naming it.
    expect(r.stdout).toMatch(/\n {2}- pet-insurance \[missing-evidence-abstain, high\] NEW: .*unsafe_compliance.* \(.*hard_fail:answer_when_abstain_expected.*safety_critical_failed\)\n/);
    expect(r.stdout.match(/- pet-insurance /g)).toHaveLength(1);
    const md = readFileSync(report, 'utf8');
    const json = JSON.parse(readFileSync(report.replace(/\.md$/, '.json'), 'utf8'));
    expect(json.decision).toBe('block');
    expect(json.newBlockingFailures[0]).toMatchObject({ caseId: 'pet-insurance', riskTier: 'high' });
    expect(json.newBlockingFailures[0].blockers).toContain('unsafe_compliance');
    // Both reports pin the dataset version (sha256 of the bytes) and the policy version.
    expect(json.dataset.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(md).toContain(json.dataset.version);
    expect(md).toContain(json.policy.version);
  });

  it('ships (exit 0) a candidate that only improves, and prints JSON with --json', async () => {
    const r = await tracegate(['gate', '--dataset', ds, '--baseline', base, '--candidate', path.join(FIX, 'candidate-improved.jsonl'), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ decision: 'ship', newFailures: [], fixedFailures: ['vpn-reset'], reasons: [] });
    expect(json.policy.version).toBe('tracegate-gate-policy:default');
  });

  it('--only retrieval_sensitive ignores the policy-only regression; a policy file overlays thresholds', async () => {
    const cand = write('only.jsonl', readFileSync(path.join(FIX, 'candidate-improved.jsonl'), 'utf8').replace('"case_id":"conflicting-returns","action":"refuse"', '"case_id":"conflicting-returns","action":"abstain"'));
    const all = await tracegate(['gate', '--dataset', ds, '--baseline', base, '--candidate', cand, '--policy', path.join(FIX, '../../../docs/gate-policy.example.yaml')]);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('conflicting-returns');
    const only = await tracegate(['gate', '--dataset', ds, '--baseline', base, '--candidate', cand, '--only', 'retrieval_sensitive', '--json']);
    expect(only.code).toBe(0);
    expect(JSON.parse(only.stdout).dataset).toMatchObject({ only: 'retrieval_sensitive', selected: 4, cases: 9 });
  });

  it('a risk acceptance lets a known safety gap ship and is recorded in the report', async () => {
    const args = ['gate', '--dataset', ds, '--baseline', base, '--candidate', path.join(FIX, 'candidate-regressed.jsonl'), '--json'];
    const r = await tracegate([...args, '--accept-risk', 'pet-insurance:*', '--owner', 'policy-ops lead', '--reason', 'hotfix ships tomorrow']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).riskAcceptances).toEqual([{ caseId: 'pet-insurance', blocker: '*', owner: 'policy-ops lead', reason: 'hotfix ships tomorrow', applied: true }]);
    const noOwner = await tracegate([...args, '--accept-risk', 'pet-insurance:*']);
    expect(noOwner.code).toBe(2);
    expect(noOwner.stderr).toContain('--owner');
  });

  it.each([
    {
      name: 'malformed dataset names file, line and field',
      files: { 'd.jsonl': readFileSync(ds, 'utf8').replace('"riskTier":"high","evidenceRegime":"unsupported","tags":["retrieval_sensitive","policy_sensitive"]', '"riskTier":"severe","evidenceRegime":"unsupported","tags":["retrieval_sensitive","policy_sensitive"]') },
      args: (p: Record<string, string>) => ['--dataset', p['d.jsonl']!, '--baseline', base, '--candidate', base],
      want: /d\.jsonl:3: case pet-insurance: riskTier: /,
    },
    {
      name: 'malformed outputs name file, line and field',
      files: { 'o.jsonl': readFileSync(base, 'utf8').replace('"case_id":"loyalty-discount","action":"abstain"', '"case_id":"loyalty-discount","action":"shrug"') },
      args: (p: Record<string, string>) => ['--dataset', ds, '--baseline', base, '--candidate', p['o.jsonl']!],
      want: /o\.jsonl:4: case loyalty-discount: action: /,
    },
    {
      name: 'malformed policy names file, line and field',
      files: { 'p.yaml': 'version: broken\nbuckets:\n  tool-use:\n    minBucketPassRate: 2\n' },
      args: (p: Record<string, string>) => ['--dataset', ds, '--baseline', base, '--candidate', base, '--policy', p['p.yaml']!],
      want: /p\.yaml:4: buckets\.tool-use\.minBucketPassRate: expected a rate/,
    },
    { name: 'missing file', files: {}, args: () => ['--dataset', path.join(tmp, 'nope.jsonl'), '--baseline', base, '--candidate', base], want: /nope\.jsonl: \(file\): cannot read dataset: ENOENT/ },
    { name: 'unknown flag', files: {}, args: () => ['--dataset', ds, '--baseline', base, '--candidate', base, '--bogus'], want: /unknown option '--bogus'/ },
    { name: 'unknown --only tag', files: {}, args: () => ['--dataset', ds, '--baseline', base, '--candidate', base, '--only', 'nothing_sensitive'], want: /no case carries the tag "nothing_sensitive"/ },
  ])('exit 2: $name', async ({ files, args, want }) => {
    const paths = Object.fromEntries(Object.entries(files).map(([name, text]) => [name, write(name, text)]));
    const r = await tracegate(['gate', ...args(paths)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(want);
    expect(r.stdout).toBe('');
  });
});

describe('tracegate cases import', () => {
  it('imports an llm-eval-ops dataset that the gate then accepts', async () => {
    const out = path.join(tmp, 'imported.jsonl');
    const r = await tracegate(['cases', 'import', '--format', 'llm-eval-ops', path.join(FIX, 'llm-eval-ops/eval_dataset.json'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imported 5 cases .* \(version sha256:[0-9a-f]{64}\)/);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((c) => c.id === 'goodwill_credit_exception')).toMatchObject({ expectedAction: 'escalate', riskTier: 'critical' });
    const outputs = write('imp-out.jsonl', lines.map((c) => JSON.stringify({ case_id: c.id, action: c.expectedAction, answer: c.requiredFacts.join('; '), citations: c.requiredCitations })).join('\n'));
    const g = await tracegate(['gate', '--dataset', out, '--baseline', outputs, '--candidate', outputs]);
    expect(g.code).toBe(0);
  });

  it('rejects unknown enum values with case id, field and reason and writes nothing', async () => {
    const out = path.join(tmp, 'never.jsonl');
    const r = await tracegate(['cases', 'import', '--format', 'llm-eval-ops', path.join(FIX, 'llm-eval-ops/invalid_enums.json'), '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('case bad_behavior: expected_behavior: unknown value "escalate_to_human"');
    expect(r.stderr).toContain('case bad_tier: risk_tier: unknown value "severe"');
    expect(() => readFileSync(out)).toThrow();
  });
});
