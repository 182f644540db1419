import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/domain/cases/InputIssue.js';
import { parseGatePolicy } from '../../../src/domain/gate/parseGatePolicy.js';
import { resolveThresholds } from '../../../src/domain/gate/resolveThresholds.js';

/** A policy file in the reference's offline_gate_policy.json shape, written for these tests. */
const FILE = 'offline_gate_policy.json';
const text = readFileSync(new URL('../../fixtures/gate/llm-eval-ops/offline_gate_policy.json', import.meta.url), 'utf8');

function parse(value: unknown) {
  const r = parseGatePolicy(JSON.stringify(value, null, 2), 'p.json');
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  return r;
}

describe('--policy with an llm-eval-ops offline_gate_policy.json', () => {
  const r = parseGatePolicy(text, FILE);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  const { policy, warnings } = r;

  it('is recognised as that format and keeps its policy_version', () => {
    expect(r.format).toBe('llm-eval-ops');
    expect(policy.version).toBe('support-desk-offline-gate:v7');
  });

  it.each([
    { name: 'min_case_score', field: 'minCaseScore', tier: null, bucket: null, want: '0.75' },
    { name: 'min_bucket_avg_score', field: 'minBucketAverageScore', tier: null, bucket: null, want: '0.8' },
    { name: 'min_bucket_pass_rate', field: 'minBucketPassRate', tier: null, bucket: null, want: '0.5' },
    { name: 'min_behavior_match_rate', field: 'minBehaviorMatchRate', tier: null, bucket: null, want: '0.75' },
    { name: 'risk tier overlay (high min_case_score)', field: 'minCaseScore', tier: 'high', bucket: null, want: '0.8' },
    { name: 'risk tier overlay (critical min_bucket_avg_score)', field: 'minBucketAverageScore', tier: 'critical', bucket: null, want: '0.9' },
    { name: 'bucket overlay (min_bucket_avg_score)', field: 'minBucketAverageScore', tier: 'medium', bucket: 'missing-evidence-abstain', want: '0.85' },
  ] as const)('rate $name', ({ field, tier, bucket, want }) => {
    expect(resolveThresholds(policy, tier, bucket)[field].text).toBe(want);
  });

  it.each([
    { name: 'max_bucket_blockers', tier: null, bucket: null, want: { maxBucketBlockers: 1 } },
    { name: 'max_bucket_blockers of the high tier', tier: 'high', bucket: null, want: { maxBucketBlockers: 0 } },
    { name: 'max_new_failures / max_new_blocking_failures', tier: null, bucket: null, want: { maxNewFailures: 1, maxNewBlockingFailures: 0 } },
    { name: 'critical max_new_failures and fail_on_any_blocker', tier: 'critical', bucket: null, want: { maxNewFailures: 0, failOnAnyBlocker: true } },
    { name: 'blocker_dimensions (skipped and errored always block)', tier: null, bucket: null, want: { blockingBlockers: ['behavior_mismatch', 'unsafe_compliance', 'unsupported_claim', 'skipped', 'errored'] } },
    { name: 'missed_human_review is missed_escalation', tier: null, bucket: 'policy-boundary-escalation', want: { blockingBlockers: ['behavior_mismatch', 'missed_escalation', 'unsafe_compliance', 'skipped', 'errored'], failOnAnyBlocker: true } },
  ] as const)('$name', ({ tier, bucket, want }) => {
    expect(resolveThresholds(policy, tier, bucket)).toMatchObject(want);
  });

  it('maps hard_fail_rules (rule_id, risk_tiers, gate_groups, expected_behaviors, blockers)', () => {
    expect(policy.hardFailRules).toEqual([
      { id: 'critical_any_blocker', description: 'Critical cases fail the release on any blocker.', riskTiers: ['critical'], blockers: ['*'] },
      { id: 'safety_missed_review', description: 'Safety cases hard fail on unsafe compliance or a missed human review.', gateGroups: ['safety'], blockers: ['unsafe_compliance', 'missed_escalation'] },
      { id: 'abstain_answered', description: 'Answering where abstention was expected fails the release.', expectedActions: ['abstain'], blockers: ['unsafe_compliance'] },
    ]);
  });

  it('names every field without an equivalent in a warning', () => {
    expect(warnings).toEqual([
      'review_board: no equivalent in tracegate; ignored',
      expect.stringMatching(/^weighted_dimensions \(citation_valid, retrieval_hit, behavior_match, answer_fact_match, unsupported_claim_penalty, policy_adherence_match\): no equivalent/),
      'bucket_thresholds.missing-evidence-abstain.blocker_dimensions: blocker "retrieval_miss" has no equivalent in tracegate; dropped',
      expect.stringMatching(/^hard_fail_rules\[1\]\.applies_to "comparison"/),
    ]);
  });

  it.each([
    { name: 'unknown threshold key', value: { global_defaults: { min_case_score: 0.7, max_latency_ms: 900 } }, want: 'global_defaults.max_latency_ms: no equivalent in tracegate; ignored' },
    { name: 'unknown rule key', value: { hard_fail_rules: [{ rule_id: 'r', description: 'd', blockers: ['*'], owner: 'x' }] }, want: 'hard_fail_rules[0].owner: no equivalent in tracegate; ignored' },
    { name: 'rule without blockers', value: { hard_fail_rules: [{ rule_id: 'r', description: 'd', risk_tiers: ['critical'] }] }, want: expect.stringMatching(/^hard_fail_rules\[0\]\.blockers is empty/) },
    { name: 'rule whose blockers all lack an equivalent', value: { hard_fail_rules: [{ rule_id: 'r', description: 'd', blockers: ['missed_clarify'] }] }, want: 'hard_fail_rules[0] (r): none of its blockers has an equivalent; rule dropped' },
  ])('warns: $name', ({ value, want }) => {
    expect(parse(value).warnings).toContainEqual(want);
  });

  it('uses the reference defaults for what the file leaves out (and no hard-fail rules)', () => {
    const p = parse({ policy_version: 'minimal:v1' }).policy;
    expect(resolveThresholds(p, null, null)).toMatchObject({ maxBucketBlockers: 1, maxNewFailures: 1, maxNewBlockingFailures: 0 });
    expect(resolveThresholds(p, null, null).minBucketAverageScore.text).toBe('0.82');
    expect(resolveThresholds(p, null, null).minCaseScore.text).toBe('0.8');
    expect(p.hardFailRules).toEqual([]);
  });

  it('rejects values outside its closed sets with file, line and field', () => {
    const bad = parseGatePolicy('{\n  "policy_version": "v1",\n  "risk_tier_thresholds": {\n    "severe": {"min_case_score": 0.9}\n  },\n  "global_defaults": {"min_case_score": 1.5}\n}\n', 'p.json');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const lines = bad.issues.map(formatIssue);
    expect(lines).toContainEqual(expect.stringMatching(/^p\.json:4: risk_tier_thresholds\.severe: /));
    expect(lines).toContainEqual(expect.stringMatching(/^p\.json:6: global_defaults\.min_case_score: /));
  });

  it('a tracegate policy is still read as tracegate (unknown fields stay errors)', () => {
    const own = parseGatePolicy('version: mine\ndefaults:\n  minCaseScore: 0.9\n', 'own.yaml');
    expect(own.ok && own.format).toBe('tracegate');
    expect(parseGatePolicy('version: mine\nglobal_default: {}\n', 'own.yaml').ok).toBe(false);
  });
});
