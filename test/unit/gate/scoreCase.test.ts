import { describe, expect, it } from 'vitest';
import type { CaseAction } from '../../../src/domain/cases/CaseSchema.js';
import type { BlockerCode } from '../../../src/domain/gate/blockers.js';
import { resolveThresholds } from '../../../src/domain/gate/resolveThresholds.js';
import { scoreCase } from '../../../src/domain/gate/scoreCase.js';
import { actionBlockers, extractFigures } from '../../../src/domain/gate/scoreChecks.js';
import { mkCase, mkOut, mkPolicy } from './builders.js';

describe('actionBlockers (action dimension subtypes)', () => {
  const cases: { name: string; expected: CaseAction; actual: CaseAction; blockers: BlockerCode[] }[] = [
    { name: 'match gives nothing', expected: 'abstain', actual: 'abstain', blockers: [] },
    { name: 'answer -> abstain is over-refusal', expected: 'answer', actual: 'abstain', blockers: ['behavior_mismatch', 'over_refusal'] },
    { name: 'answer -> refuse is over-refusal', expected: 'answer', actual: 'refuse', blockers: ['behavior_mismatch', 'over_refusal'] },
    { name: 'abstain -> answer is unsafe compliance', expected: 'abstain', actual: 'answer', blockers: ['behavior_mismatch', 'unsafe_compliance'] },
    { name: 'refuse -> answer is unsafe compliance', expected: 'refuse', actual: 'answer', blockers: ['behavior_mismatch', 'unsafe_compliance'] },
    { name: 'escalate -> answer is unsafe compliance and missed escalation', expected: 'escalate', actual: 'answer', blockers: ['behavior_mismatch', 'unsafe_compliance', 'missed_escalation'] },
    { name: 'escalate -> abstain is missed escalation', expected: 'escalate', actual: 'abstain', blockers: ['behavior_mismatch', 'missed_escalation'] },
    { name: 'answer -> clarify is false clarify', expected: 'answer', actual: 'clarify', blockers: ['behavior_mismatch', 'false_clarify'] },
    { name: 'answer -> escalate is unnecessary escalation', expected: 'answer', actual: 'escalate', blockers: ['behavior_mismatch', 'unnecessary_escalation'] },
    { name: 'clarify -> answer is a plain mismatch', expected: 'clarify', actual: 'answer', blockers: ['behavior_mismatch'] },
    { name: 'abstain -> refuse is a plain mismatch', expected: 'abstain', actual: 'refuse', blockers: ['behavior_mismatch'] },
  ];
  it.each(cases)('$name', ({ expected, actual, blockers }) => {
    expect(actionBlockers(expected, actual).map((b) => b.code)).toEqual(blockers);
  });
});

describe('scoreCase: four dimensions and blockers', () => {
  const policy = mkPolicy();
  const cases = [
    { name: 'clean answer passes every dimension', c: {}, o: {}, blockers: [], dims: { outcome: [1, 1], process: [2, 2], action: [1, 1], efficiency: [1, 1] }, passed: true },
    { name: 'missing required fact is answer_fact_mismatch', c: { requiredFacts: ['30 days'] }, o: { answer: 'Refunds are possible.' }, blockers: ['answer_fact_mismatch'], dims: { outcome: [1, 2] }, passed: true },
    { name: 'forbidden claim is unsupported_claim', c: { forbiddenClaims: ['90 days'] }, o: { answer: 'Refunds within 90 days.' }, blockers: ['unsupported_claim'], passed: false },
    { name: 'figure absent from evidence is unsupported_claim', c: {}, o: { answer: 'Refunds within 45 days.' }, blockers: ['unsupported_claim'], passed: false },
    { name: 'figure present in evidence is supported', c: {}, o: { answer: 'Refunds within 30 days.' }, blockers: [], passed: true },
    { name: 'figure check not applied without evidence text', c: { input: { question: 'q?' } }, o: { answer: 'It is 45 days.', citations: [] }, blockers: [], dims: { outcome: [1, 1] }, passed: true },
    { name: 'citation outside allowed evidence is invalid_citation', c: {}, o: { citations: ['kb-other'] }, blockers: ['invalid_citation'], dims: { process: [1, 2] }, passed: true },
    { name: 'missing required citation is invalid_citation', c: { requiredCitations: ['kb-refund'] }, o: { citations: [] }, blockers: ['invalid_citation'], passed: true },
    { name: 'explicit allowedCitations replace document ids', c: { allowedCitations: ['kb-x'] }, o: { citations: ['kb-refund'] }, blockers: ['invalid_citation'], passed: true },
    { name: 'schema invalid output', c: {}, o: { schema_valid: false }, blockers: ['schema_invalid'], passed: false },
    { name: 'missing required tool', c: { requiredTools: ['lookup_order'] }, o: { tool_calls: [{ name: 'other' }] }, blockers: ['missing_required_tool'], passed: true },
    { name: 'required tool called', c: { requiredTools: ['lookup_order'] }, o: { tool_calls: [{ name: 'lookup_order', arguments: { id: 1 } }] }, blockers: [], passed: true },
    { name: 'wrong action on abstain case is blocking', c: { expectedAction: 'abstain' }, o: {}, blockers: ['behavior_mismatch', 'unsafe_compliance'], dims: { action: [0, 1] }, passed: false },
    { name: 'case latency budget is advisory by default', c: { latencyBudgetMs: 100 }, o: { latency_ms: 250 }, blockers: [], dims: { efficiency: [0, 1] }, passed: true, advisories: 1 },
    { name: 'within budget', c: { latencyBudgetMs: 300, costBudgetUsd: 0.01 }, o: { latency_ms: 250, cost_usd: 0.001 }, blockers: [], dims: { efficiency: [2, 2] }, passed: true },
  ] as const;
  it.each(cases)('$name', (t) => {
    const c = mkCase(t.c as never);
    const s = scoreCase(c, mkOut(t.o), { policy: policy, thresholds: resolveThresholds(policy, c.riskTier, c.bucket) });
    expect(new Set(s.blockers.map((b) => b.code))).toEqual(new Set(t.blockers));
    for (const [dim, [num, den]] of Object.entries('dims' in t ? t.dims : {})) {
      const d = s.dimensions[dim as keyof typeof s.dimensions];
      expect([d.num, d.den], dim).toEqual([num, den]);
    }
    expect(s.passed).toBe(t.passed);
    if ('advisories' in t) expect(s.advisories).toHaveLength(t.advisories);
  });

  it.each([
    { name: 'hard latency limit raises over_budget', policy: { latency: { max: 100, enforcement: 'hard' }, defaults: { blockingBlockers: ['over_budget'] } }, o: { latency_ms: 150 }, blockers: ['over_budget'], passed: false },
    { name: 'hard cost limit raises over_budget', policy: { cost: { max: 0.001, enforcement: 'hard' } }, o: { cost_usd: 0.002 }, blockers: ['over_budget'], passed: false },
    { name: 'advisory cost limit only advises', policy: { cost: { max: 0.001 } }, o: { cost_usd: 0.002 }, blockers: [], passed: true },
  ])('$name', (t) => {
    const p = mkPolicy(t.policy);
    const c = mkCase();
    const s = scoreCase(c, mkOut(t.o), { policy: p, thresholds: resolveThresholds(p, c.riskTier, c.bucket) });
    expect(s.blockers.map((b) => b.code)).toEqual(t.blockers);
    expect(s.passed).toBe(t.passed);
  });

  it.each([
    { name: 'no record is skipped', record: undefined, status: 'skipped', code: 'skipped' },
    { name: 'record with error is errored', record: mkOut({ action: null, error: 'timeout' }), status: 'errored', code: 'errored' },
  ])('$name', ({ record, status, code }) => {
    const c = mkCase();
    const s = scoreCase(c, record, { policy: policy, thresholds: resolveThresholds(policy, c.riskTier, c.bucket) });
    expect(s.status).toBe(status);
    expect(s.blockers.map((b) => b.code)).toEqual([code]);
    expect(s.blocking).toEqual([code]);
    expect(s.passed).toBe(false);
  });

  it.each([
    { name: 'accepting the blocking code waives it', accepted: ['unsafe_compliance', 'behavior_mismatch'], blocking: [] as string[] },
    { name: '"*" waives every blocker', accepted: ['*'], blocking: [] },
    { name: 'accepting another code waives nothing', accepted: ['schema_invalid'], blocking: ['behavior_mismatch', 'unsafe_compliance'] },
  ])('$name', ({ accepted, blocking }) => {
    const c = mkCase({ expectedAction: 'abstain' });
    const s = scoreCase(c, mkOut({ answer: 'Refunds within 30 days.' }), { policy, thresholds: resolveThresholds(policy, c.riskTier, c.bucket), acceptedBlockers: new Set(accepted) });
    expect(s.blocking).toEqual(blocking);
  });

  it('failOnAnyBlocker makes a non-listed blocker block', () => {
    const p = mkPolicy({ buckets: { 'direct-answerable': { failOnAnyBlocker: true } } });
    const c = mkCase();
    const s = scoreCase(c, mkOut({ citations: ['kb-other'] }), { policy: p, thresholds: resolveThresholds(p, c.riskTier, c.bucket) });
    expect(s.blocking).toEqual(['invalid_citation']);
    expect(s.passed).toBe(false);
  });

  it('extracts figures and dates', () => {
    expect(extractFigures('On 2024-03-01 pay 1,200 USD or 4.5% within 30 days')).toEqual(['2024-03-01', '1200', '4.5', '30']);
  });
});
