import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/cases/CaseSchema.js';
import { decideGate } from '../../../src/domain/gate/decideGate.js';
import type { GatePolicy } from '../../../src/domain/gate/GatePolicySchema.js';
import { groupCaseReasons } from '../../../src/domain/gate/groupCaseReasons.js';
import type { OutputRecord } from '../../../src/domain/gate/OutputRecordSchema.js';
import { renderGateSummary } from '../../../src/domain/gate/renderGateText.js';
import { resolveThresholds } from '../../../src/domain/gate/resolveThresholds.js';
import { scoreCase } from '../../../src/domain/gate/scoreCase.js';
import { mkCase, mkOut, mkPolicy } from './builders.js';

const META = { datasetFile: 'd.jsonl', datasetVersion: 'sha256:x', policySource: 'test', baselineSource: 'b', candidateSource: 'k', generatedAt: '2026-01-01T00:00:00.000Z' };
const byId = (records: OutputRecord[]) => new Map(records.map((r) => [r.case_id, r]));
function decide(cases: Case[], baseline: OutputRecord[], candidate: OutputRecord[], policy: GatePolicy = mkPolicy(), acceptances = [] as Parameters<typeof decideGate>[0]['acceptances']) {
  return decideGate({ cases, baseline: byId(baseline), candidate: byId(candidate), policy, acceptances, only: null, meta: META });
}

describe('figures or dates without evidence text: not assessed', () => {
  const policy = mkPolicy();
  // An imported case: citation ids and required facts, no document text, no reference answer.
  const imported = mkCase({ input: { question: 'How long is the warranty?', documentIds: ['kb-warranty'] }, requiredFacts: ['24 months'], requiredCitations: ['kb-warranty'] });
  const score = (c: Case, answer: string) => scoreCase(c, mkOut({ answer, citations: ['kb-warranty', 'kb-refund'].filter((id) => c.input.documentIds?.includes(id) || c.input.documents?.some((d) => d.id === id)) }), { policy, thresholds: resolveThresholds(policy, c.riskTier, c.bucket) });

  it.each([
    { name: 'a version number in a correct answer is not assessed, not failed', c: imported, answer: 'The warranty lasts 24 months (policy 2.1).', blockers: [], notAssessed: 1, passed: true },
    { name: 'figures the case states (required facts) need no evidence', c: imported, answer: 'The warranty lasts 24 months.', blockers: [], notAssessed: 0, passed: true },
    { name: 'with evidence text the check still fails unsupported figures', c: mkCase(), answer: 'Refunds within 45 days.', blockers: ['unsupported_claim'], notAssessed: 0, passed: false },
    { name: 'citation markers such as [1] are not figures', c: mkCase(), answer: 'Refunds within 30 days. [1]\n\nSource: [1] kb-refund', blockers: [], notAssessed: 0, passed: true },
    { name: 'a reference answer is evidence text', c: mkCase({ input: { question: 'q?' }, referenceAnswer: 'Refunds within 30 days.' }), answer: 'Refunds within 45 days.', blockers: ['unsupported_claim'], notAssessed: 0, passed: false },
  ])('$name', ({ c, answer, blockers, notAssessed, passed }) => {
    const s = score(c, answer);
    expect(s.blockers.map((b) => b.code)).toEqual(blockers);
    expect(s.notAssessed).toHaveLength(notAssessed);
    expect(s.passed).toBe(passed);
  });

  it('a candidate identical to its baseline ships, and the report says what was not assessed', () => {
    const out = mkOut({ case_id: 'c1', answer: 'The warranty lasts 24 months (policy 2.1).', citations: ['kb-warranty'] });
    const report = decide([imported], [out], [out]);
    expect(report.decision).toBe('ship');
    expect(report.cases[0]!.candidate.notAssessed[0]).toMatch(/not assessed .*: 2\.1$/);
    expect(renderGateSummary(report)).toContain('not assessed: 1 candidate case(s) (c1)');
  });
});

describe('reason codes travel as data from summarizeBuckets', () => {
  const cases = ['a', 'b', 'c'].map((id) => mkCase({ id, bucket: 'b1', expectedAction: 'abstain' }));
  const abstain = (id: string) => mkOut({ case_id: id, action: 'abstain', answer: 'I do not know.', citations: [] });
  const answered = (id: string) => mkOut({ case_id: id, action: 'answer', answer: 'Refunds within 30 days.', citations: [] });
  it.each([
    { name: 'pass rate', policy: { defaults: { minBucketPassRate: 1 } }, code: 'bucket_pass_rate' },
    { name: 'average case score', policy: { defaults: { minBucketAverageScore: 0.95 } }, code: 'bucket_average_score' },
    { name: 'behavior match', policy: { defaults: { minBehaviorMatchRate: 1 } }, code: 'behavior_match_rate' },
    { name: 'bucket blockers', policy: { defaults: { maxBucketBlockers: 0 } }, code: 'bucket_blockers' },
    { name: 'new failures', policy: { defaults: { maxNewFailures: 0 } }, code: 'new_failures' },
    { name: 'new blocking failures', policy: { defaults: { maxNewBlockingFailures: 0 } }, code: 'new_blocking_failures' },
    { name: 'fail on any blocker', policy: { defaults: { failOnAnyBlocker: true } }, code: 'fail_on_any_blocker' },
  ])('$name', ({ policy, code }) => {
    const lenient = { minBucketPassRate: 0, minBehaviorMatchRate: 0, maxNewFailures: 9, maxNewBlockingFailures: 9 };
    const p = mkPolicy({ defaults: { ...lenient, ...policy.defaults }, hardFailRules: [], safetyCritical: { riskTiers: [], gateGroups: [] }, mcnemar: { blockOnSignificantRegression: false } });
    const report = decide(cases, cases.map((c) => abstain(c.id)), [abstain('a'), abstain('b'), answered('c')], p);
    expect(report.reasons.map((r) => r.code)).toContain(code);
    const bucketCodes = report.reasons.filter((r) => r.bucket === 'b1' && !r.caseId).map((r) => r.code);
    expect(bucketCodes).toEqual([code]);
  });
});

describe('terminal report: one line per failing case, pre-existing marked, acceptances by the decision', () => {
  const cases = [
    mkCase({ id: 'new-fail', expectedAction: 'abstain', riskTier: 'high', bucket: 'abstain' }),
    mkCase({ id: 'old-fail', expectedAction: 'abstain', riskTier: 'high', bucket: 'abstain' }),
    mkCase({ id: 'accepted', expectedAction: 'abstain', riskTier: 'high', bucket: 'abstain' }),
  ];
  const abstain = (id: string) => mkOut({ case_id: id, action: 'abstain', answer: 'I do not know.', citations: [] });
  const answered = (id: string) => mkOut({ case_id: id, action: 'answer', answer: 'Refunds within 30 days.', citations: [] });
  const report = decide(cases, [abstain('new-fail'), answered('old-fail'), abstain('accepted')], [answered('new-fail'), answered('old-fail'), answered('accepted')], mkPolicy(), [
    { caseId: 'accepted', blocker: '*', owner: 'risk lead', reason: 'fix ships Friday' },
  ]);
  const text = renderGateSummary(report);

  it('groups every case reason into one line per case, NEW or pre-existing', () => {
    const { cases: lines } = groupCaseReasons(report);
    expect(lines.map((l) => [l.caseId, l.origin])).toEqual([['new-fail', 'new'], ['old-fail', 'pre-existing']]);
    expect(lines[0]!.codes).toEqual(['hard_fail:answer_when_abstain_expected']);
    expect(text.match(/^ {2}- new-fail /gm)).toHaveLength(1);
    expect(text).toMatch(/^ {2}- new-fail \[abstain, high\] NEW: behavior_mismatch, unsafe_compliance \(hard_fail:answer_when_abstain_expected\)$/m);
    expect(text).toMatch(/^ {2}- old-fail \[abstain, high\] pre-existing: behavior_mismatch, unsafe_compliance /m);
    expect(report.reasons.find((r) => r.caseId === 'old-fail')!.preExisting).toBe(true);
  });

  it('shows risk acceptances on the decision line', () => {
    expect(text.split('\n')[0]).toBe('tracegate gate: BLOCKED with 1 risk acceptance: accepted:* (risk lead: fix ships Friday)');
    expect(text).not.toMatch(/- accepted /);
  });

  it('an errored candidate shows its error on its line', () => {
    const r = decide([cases[0]!], [abstain('new-fail')], [mkOut({ case_id: 'new-fail', action: null, error: 'HTTP 500: the model call failed: upstream timeout' })]);
    expect(renderGateSummary(r)).toMatch(/^ {2}- new-fail \[abstain, high\] errored: HTTP 500: the model call failed: upstream timeout \(incomplete_candidate/m);
  });

  it('marks inferred actions', () => {
    const r = decide([cases[0]!], [abstain('new-fail')], [{ ...answered('new-fail'), action_inferred_by: 'action@4' }]);
    const t = renderGateSummary(r);
    expect(t).toContain('actions inferred (records without action): 0 baseline, 1 candidate');
    expect(t).toMatch(/new-fail .*\[action inferred by action@4\]/);
  });
});
