import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

/** A newcomer's path from the reference gate (llm-eval-ops files written in its formats) to `tracegate gate`. */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIX = path.join(ROOT, 'test/fixtures/gate/llm-eval-ops');
const POLICY = path.join(FIX, 'offline_gate_policy.json');
const out = (name: string) => path.join(FIX, name);

function tracegate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/tracegate.js'), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}

describe('llm-eval-ops files through cases import and gate', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'tracegate-llm-eval-ops-'));
  const dataset = path.join(tmp, 'dataset.jsonl');
  beforeAll(async () => {
    const r = await tracegate(['cases', 'import', '--format', 'llm-eval-ops', out('eval_dataset.json'), '--out', dataset]);
    expect(r.code).toBe(0);
  });

  it('import rejects a value outside any closed enum, naming file, case, field, value and allowed values, and writes nothing', async () => {
    const never = path.join(tmp, 'never.jsonl');
    const r = await tracegate(['cases', 'import', '--format', 'llm-eval-ops', out('every_enum_invalid.json'), '--out', never]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/every_enum_invalid\.json:\d+: case bad_tag: tags\[1\]: unknown value "retrieval_sensitive"; expected one of direct_answerable, /);
    for (const field of ['scenario', 'expected_behavior', 'risk_tier', 'business_criticality', 'difficulty', 'case_kind', 'supported_backends\\[1\\]']) {
      expect(r.stderr).toMatch(new RegExp(`: ${field}: unknown value "[^"]+"; expected one of `));
    }
    expect(existsSync(never)).toBe(false);
  });

  it('their policy file is accepted: a candidate identical to its baseline ships; figures without evidence text are not assessed; unmapped fields are warned', async () => {
    const report = path.join(tmp, 'same.md');
    const r = await tracegate(['gate', '--dataset', dataset, '--baseline', out('outputs-baseline.jsonl'), '--candidate', out('outputs-baseline.jsonl'), '--policy', POLICY, '--report', report]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('tracegate gate: SHIP');
    expect(r.stdout).toContain('not assessed: 1 candidate case(s) (warranty_direct_answer)');
    expect(r.stdout).toMatch(/policy support-desk-offline-gate:v7 \(.*offline_gate_policy\.json \(llm-eval-ops offline_gate_policy format\)\)/);
    const json = JSON.parse(readFileSync(report.replace(/\.md$/, '.json'), 'utf8'));
    expect(json.policy.version).toBe('support-desk-offline-gate:v7');
    for (const field of ['review_board', 'weighted_dimensions', 'blocker "retrieval_miss"', 'applies_to "comparison"']) {
      expect(json.warnings.some((w: string) => w.includes(field)), field).toBe(true);
      expect(r.stdout).toContain(field);
    }
    expect(json.cases.find((c: { caseId: string }) => c.caseId === 'warranty_direct_answer').candidate).toMatchObject({ passed: true, blockers: [] });
  });

  it('blocks a regression with their thresholds and rules: one line per case, codes from the mapped policy', async () => {
    const r = await tracegate(['gate', '--dataset', dataset, '--baseline', out('outputs-baseline.jsonl'), '--candidate', out('outputs-candidate-regressed.jsonl'), '--policy', POLICY, '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const codes = report.reasons.map((x: { code: string; rule?: string }) => (x.rule ? `${x.code}:${x.rule}` : x.code));
    // Mapped: hard_fail_rules (rule ids), min_bucket_avg_score, max_bucket_blockers (high tier 0), max_new_blocking_failures.
    expect(codes).toEqual(expect.arrayContaining(['hard_fail:abstain_answered', 'hard_fail:safety_missed_review', 'bucket_average_score', 'bucket_blockers', 'new_blocking_failures']));
    const text = await tracegate(['gate', '--dataset', dataset, '--baseline', out('outputs-baseline.jsonl'), '--candidate', out('outputs-candidate-regressed.jsonl'), '--policy', POLICY]);
    expect(text.stdout).toMatch(/^ {2}- loyalty_missing_evidence \[missing-evidence-abstain, high\] NEW: behavior_mismatch, unsafe_compliance \(hard_fail:safety_missed_review, hard_fail:abstain_answered, safety_critical_failed\)$/m);
    expect(text.stdout.match(/- loyalty_missing_evidence /g)).toHaveLength(1);
  });

  it('a failure already in the baseline is marked pre-existing; a risk acceptance shows next to the decision', async () => {
    const args = ['gate', '--dataset', dataset, '--baseline', out('outputs-baseline-goodwill-failing.jsonl'), '--candidate', out('outputs-candidate-goodwill-failing.jsonl'), '--policy', POLICY];
    const blocked = await tracegate(args);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/^ {2}- goodwill_credit_exception \[policy-boundary-escalation, critical\] pre-existing: .*hard_fail:critical_any_blocker/m);
    const accepted = await tracegate([...args, '--accept-risk', 'goodwill_credit_exception:*', '--owner', 'policy-ops lead', '--reason', 'cap wording fix ships Friday']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout.split('\n')[0]).toBe('tracegate gate: SHIP with 1 risk acceptance: goodwill_credit_exception:* (policy-ops lead: cap wording fix ships Friday)');
  });

  it('outputs of another dataset are bad input (exit 2) naming the missing case ids', async () => {
    const r = await tracegate(['gate', '--dataset', dataset, '--baseline', out('outputs-baseline.jsonl'), '--candidate', out('outputs-other-dataset.jsonl'), '--policy', POLICY]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("outputs-other-dataset.jsonl: case_id: candidate outputs have no record for 4 of the dataset's 5 cases");
    expect(r.stderr).toContain('missing: loyalty_missing_evidence, return_window_conflict, goodwill_credit_exception, receipt_tone');
  });

  it('records without action are classified (action@4) and marked as inferred', async () => {
    const lines = readFileSync(out('outputs-baseline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const stripped = lines.map((l) => (l.case_id === 'loyalty_missing_evidence' ? { ...l, action: undefined, answer: "I'm sorry, I don't have information about loyalty discounts." } : l));
    const file = path.join(tmp, 'no-action.jsonl');
    writeFileSync(file, stripped.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = await tracegate(['gate', '--dataset', dataset, '--baseline', out('outputs-baseline.jsonl'), '--candidate', file, '--json']);
    const report = JSON.parse(r.stdout);
    const c = report.cases.find((x: { caseId: string }) => x.caseId === 'loyalty_missing_evidence').candidate;
    expect(c).toMatchObject({ action: 'abstain', actionInferredBy: 'action@4', passed: true });
    const text = await tracegate(['gate', '--dataset', dataset, '--baseline', out('outputs-baseline.jsonl'), '--candidate', file]);
    expect(text.stdout).toContain('actions inferred (records without action): 0 baseline, 1 candidate');
  });
});
