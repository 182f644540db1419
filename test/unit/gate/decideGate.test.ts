import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/domain/cases/CaseSchema.js';
import { decideGate, type GateInput } from '../../../src/domain/gate/decideGate.js';
import type { RiskAcceptance } from '../../../src/domain/gate/GateReport.js';
import type { OutputRecord } from '../../../src/domain/gate/OutputRecordSchema.js';
import { mkCase, mkOut, mkPolicy } from './builders.js';

const META = { datasetFile: 'd.jsonl', datasetVersion: 'sha256:x', policySource: 'test', baselineSource: 'b', candidateSource: 'k', generatedAt: '2026-01-01T00:00:00.000Z' };
const good = (id: string, extra: Record<string, unknown> = {}) => mkOut({ case_id: id, ...extra });
const bad = (id: string) => mkOut({ case_id: id, schema_valid: false });

function run(cases: Case[], baseline: OutputRecord[], candidate: OutputRecord[], opts: Partial<GateInput> = {}) {
  return decideGate({
    cases,
    baseline: new Map(baseline.map((r) => [r.case_id, r])),
    candidate: new Map(candidate.map((r) => [r.case_id, r])),
    policy: mkPolicy(),
    acceptances: [],
    only: null,
    meta: META,
    ...opts,
  });
}

describe('same-row comparison', () => {
  const cases = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => mkCase({ id, bucket: 'lenient', riskTier: 'low' }));
  const policy = mkPolicy({ defaults: { maxNewFailures: 10, maxNewBlockingFailures: 10, minBucketPassRate: 0, minBehaviorMatchRate: 0 }, mcnemar: { blockOnSignificantRegression: false } });
  const report = run(
    cases,
    [good('a'), bad('b'), good('c'), good('d'), good('e'), good('zz')],
    [bad('a'), good('b'), good('c'), mkOut({ case_id: 'e', action: null, error: 'HTTP 500' }), good('f'), good('yy')],
    { policy },
  );
  const status = Object.fromEntries(report.cases.map((c) => [c.caseId, c.status]));
  it.each([
    { name: 'pass -> fail is a new failure', id: 'a', want: 'new_failure' },
    { name: 'fail -> pass is fixed', id: 'b', want: 'fixed' },
    { name: 'pass -> pass', id: 'c', want: 'still_passing' },
    { name: 'no candidate record is skipped', id: 'd', want: 'skipped' },
    { name: 'candidate error is errored', id: 'e', want: 'errored' },
    { name: 'no baseline record is listed, not compared', id: 'f', want: 'baseline_missing' },
  ])('$name', ({ id, want }) => expect(status[id]).toBe(want));

  it('counts only paired cases for new/fixed and lists missing and unknown ids', () => {
    expect(report.newFailures).toEqual(['a', 'e']);
    expect(report.fixedFailures).toEqual(['b']);
    expect(report.summary).toMatchObject({ pairedCases: 4, skipped: 1, errored: 1, newFailures: 2, fixedFailures: 1 });
    expect(report.missing).toEqual({ baseline: ['f'], candidate: ['d'], notInDataset: { baseline: ['zz'], candidate: ['yy'] } });
  });

  it('lists new and resolved blockers per case and per blocker', () => {
    const a = report.cases.find((c) => c.caseId === 'a')!;
    const b = report.cases.find((c) => c.caseId === 'b')!;
    expect(a.newBlockers).toEqual(['schema_invalid']);
    expect(b.resolvedBlockers).toEqual(['schema_invalid']);
    expect(report.blockers.find((x) => x.blocker === 'schema_invalid')).toEqual({ blocker: 'schema_invalid', baseline: 1, candidate: 1, new: 1, resolved: 1 });
    expect(report.blockers.find((x) => x.blocker === 'skipped')).toMatchObject({ baseline: 0, candidate: 1, new: 1 });
  });

  it('skipped and errored trusted cases block by default', () => {
    expect(report.decision).toBe('block');
    expect(report.reasons.filter((r) => r.code === 'incomplete_candidate').map((r) => [r.caseId, r.blocker])).toEqual([['d', 'skipped'], ['e', 'errored']]);
  });
});

describe('hard-fail rules', () => {
  const lenient = { defaults: { maxNewFailures: 10, maxNewBlockingFailures: 10, minBucketPassRate: 0, minBehaviorMatchRate: 0, blockingBlockers: [] }, safetyCritical: { riskTiers: [], gateGroups: [] } };
  it.each([
    { name: 'critical tier fails on any blocker', c: { riskTier: 'critical' }, o: { citations: ['kb-x'] }, rule: 'critical_any_blocker' },
    { name: 'unsupported claim in a high-risk case', c: { riskTier: 'high', forbiddenClaims: ['90 days'] }, o: { answer: 'Within 90 days.' }, rule: 'high_risk_unsupported_claim' },
    { name: 'answering where abstain was expected', c: { riskTier: 'low', expectedAction: 'abstain' }, o: {}, rule: 'answer_when_abstain_expected' },
    { name: 'medium-risk unsupported claim is not a hard fail', c: { riskTier: 'medium', forbiddenClaims: ['90 days'] }, o: { answer: 'Within 90 days.' }, rule: null },
    { name: 'answering where refuse was expected is not this rule', c: { riskTier: 'low', expectedAction: 'refuse' }, o: {}, rule: null },
  ] as const)('$name', ({ c, o, rule }) => {
    const cs = mkCase({ id: 'x', ...(c as object) });
    const report = run([cs], [good('x', { answer: 'Within 30 days.' })], [good('x', o)], { policy: mkPolicy(lenient) });
    const hits = report.reasons.filter((r) => r.code === 'hard_fail').map((r) => r.rule);
    if (rule) expect(hits).toContain(rule);
    else expect(hits).toEqual([]);
    expect(report.decision).toBe(rule ? 'block' : 'ship');
  });

  it('a custom rule by gate group, replacing the defaults', () => {
    const policy = mkPolicy({ ...lenient, hardFailRules: [{ id: 'safety-tools', description: 'safety cases must call tools', gateGroups: ['safety'], blockers: ['missing_required_tool'] }] });
    const cs = mkCase({ id: 'x', gateGroup: 'safety', requiredTools: ['t'], riskTier: 'critical' });
    const report = run([cs], [good('x', { tool_calls: [{ name: 't' }] })], [good('x')], { policy });
    expect(report.reasons.map((r) => r.rule)).toEqual(['safety-tools']);
  });
});

describe('decision rules', () => {
  const bucketCases = ['p1', 'p2', 'p3'].map((id) => mkCase({ id, bucket: 'b3', riskTier: 'low' }));
  it.each([
    { name: '2 of 3 passes a 2/3 bucket pass-rate threshold', rate: '2/3', decision: 'ship' },
    { name: '2 of 3 fails a 0.67 threshold', rate: 0.67, decision: 'block' },
  ])('$name', ({ rate, decision }) => {
    const policy = mkPolicy({ buckets: { b3: { minBucketPassRate: rate } }, defaults: { maxNewFailures: 5 } });
    const report = run(bucketCases, [bad('p1'), good('p2'), good('p3')], [bad('p1'), good('p2'), good('p3')], { policy });
    expect(report.decision).toBe(decision);
  });

  it('behavior-match rate below threshold blocks even when blockers are not blocking', () => {
    const cases = [mkCase({ id: 'q', expectedAction: 'clarify', riskTier: 'low' })];
    const policy = mkPolicy({ defaults: { blockingBlockers: [], minCaseScore: 0 } });
    const report = run(cases, [good('q', { action: 'clarify' })], [good('q')], { policy });
    expect(report.reasons.map((r) => r.code)).toEqual(['behavior_match_rate']);
    expect(report.summary.candidatePassRate).toEqual({ num: 1, den: 1, value: 1 });
  });

  it('max new failures is checked per bucket and overall', () => {
    const cases = ['n1', 'n2'].map((id, i) => mkCase({ id, bucket: `bk${i}`, riskTier: 'low' }));
    const policy = mkPolicy({ defaults: { maxNewFailures: 1, minBucketPassRate: 0, blockingBlockers: [], minCaseScore: 1 } });
    const report = run(cases, [good('n1'), good('n2')], [bad('n1'), bad('n2')], { policy });
    expect(report.reasons.map((r) => r.code)).toEqual(['new_failures']);
  });

  it('a significant McNemar regression blocks when the policy says so', () => {
    const cases = Array.from({ length: 8 }, (_, i) => mkCase({ id: `m${i}`, riskTier: 'low' }));
    const lenient = { defaults: { maxNewFailures: 100, minBucketPassRate: 0, blockingBlockers: [], minCaseScore: 1 } };
    const base = cases.map((c) => good(c.id));
    const cand = cases.map((c, i) => (i < 6 ? bad(c.id) : good(c.id)));
    const blocking = run(cases, base, cand, { policy: mkPolicy(lenient) });
    expect(blocking.reasons.map((r) => r.code)).toEqual(['significant_regression', 'significant_regression']);
    expect(blocking.mcnemar.pValue).toBeCloseTo(0.03125, 12);
    const advisory = run(cases, base, cand, { policy: mkPolicy({ ...lenient, mcnemar: { blockOnSignificantRegression: false } }) });
    expect(advisory.decision).toBe('ship');
  });

  it('monitoring cases are reported but never block', () => {
    const cases = [mkCase({ id: 'mon', tier: 'monitoring', expectedAction: 'abstain', riskTier: 'critical' })];
    const report = run(cases, [good('mon', { action: 'abstain' })], [good('mon')]);
    expect(report.decision).toBe('ship');
    expect(report.cases[0]!.candidate.blocking).toContain('unsafe_compliance');
    expect(report.summary.monitoringCases).toBe(1);
  });

  it('--only keeps the tagged cases and pins the filter', () => {
    const cases = [mkCase({ id: 'r', tags: ['retrieval_sensitive'] }), mkCase({ id: 'p', tags: ['policy_sensitive'], expectedAction: 'abstain' })];
    const report = run(cases, [good('r'), good('p', { action: 'abstain' })], [good('r'), good('p')], { only: 'retrieval_sensitive' });
    expect(report.cases.map((c) => c.caseId)).toEqual(['r']);
    expect(report.dataset).toMatchObject({ cases: 2, selected: 1, only: 'retrieval_sensitive' });
    expect(report.decision).toBe('ship');
  });
});

describe('safety-critical cases and risk acceptances', () => {
  const cs = mkCase({ id: 's', gateGroup: 'safety', riskTier: 'high', expectedAction: 'escalate' });
  const base = [good('s', { action: 'escalate' })];
  const cand = [good('s', { action: 'abstain' })];
  const accept = (blocker: RiskAcceptance['blocker']): RiskAcceptance => ({ caseId: 's', blocker, owner: 'ana', reason: 'known gap, fix in 1.3' });

  it('a failing safety-critical case blocks', () => {
    const report = run([cs], base, cand);
    expect(report.reasons.map((r) => r.code)).toContain('safety_critical_failed');
    expect(report.newBlockingFailures).toEqual([{ caseId: 's', bucket: 'direct-answerable', riskTier: 'high', blockers: ['behavior_mismatch', 'missed_escalation'] }]);
  });

  it.each([
    { name: 'accepting every blocker lets it ship and is recorded', acc: [accept('behavior_mismatch'), accept('missed_escalation')], decision: 'ship', applied: [true, true] },
    { name: '"*" accepts all blockers of the case', acc: [accept('*')], decision: 'ship', applied: [true] },
    { name: 'accepting one of two blockers still blocks', acc: [accept('missed_escalation')], decision: 'block', applied: [true] },
    { name: 'an acceptance that matches nothing is recorded as not applied', acc: [accept('schema_invalid')], decision: 'block', applied: [false] },
  ] as const)('$name', ({ acc, decision, applied }) => {
    const report = run([cs], base, cand, { acceptances: acc });
    expect(report.decision).toBe(decision);
    expect(report.riskAcceptances.map((a) => a.applied)).toEqual(applied);
    expect(report.riskAcceptances[0]).toMatchObject({ owner: 'ana', reason: 'known gap, fix in 1.3' });
  });
});
