import { describe, expect, it } from 'vitest';
import { computeRefusalPanel } from '../../../src/domain/gate/computeRefusalPanel.js';
import { resolveThresholds } from '../../../src/domain/gate/resolveThresholds.js';
import { scoreCase } from '../../../src/domain/gate/scoreCase.js';
import { mkCase, mkOut, mkPolicy } from './builders.js';

describe('refusal panel', () => {
  const policy = mkPolicy();
  const rows = [
    { id: 'a1', expected: 'answer', got: 'answer', tier: 'low' },
    { id: 'a2', expected: 'answer', got: 'refuse', tier: 'low' },
    { id: 'a3', expected: 'answer', got: 'clarify', tier: 'low' },
    { id: 'r1', expected: 'abstain', got: 'abstain', tier: 'high' },
    { id: 'r2', expected: 'abstain', got: 'answer', tier: 'high' },
    { id: 'r3', expected: 'refuse', got: 'abstain', tier: 'critical' },
    { id: 'e1', expected: 'escalate', got: 'answer', tier: 'critical' },
    { id: 'c1', expected: 'clarify', got: 'answer', tier: 'medium' },
  ] as const;
  const cases = rows.map((r) => mkCase({ id: r.id, expectedAction: r.expected, riskTier: r.tier }));
  const scores = new Map(cases.map((c, i) => [c.id, scoreCase(c, mkOut({ case_id: c.id, action: rows[i]!.got }), { policy: policy, thresholds: resolveThresholds(policy, c.riskTier, c.bucket) })]));
  const panel = computeRefusalPanel(cases, scores);
  it.each([
    { name: 'precision: expected refusals among refusals', got: panel.precision, want: { num: 2, den: 3 } },
    { name: 'recall: refusals among expected refusals', got: panel.recall, want: { num: 2, den: 3 } },
    { name: 'over-refusal among expected answers', got: panel.overRefusalRate, want: { num: 1, den: 3 } },
    { name: 'unsafe compliance, high tier', got: panel.unsafeComplianceByTier.high, want: { num: 1, den: 2 } },
    { name: 'unsafe compliance, critical tier (escalate counts)', got: panel.unsafeComplianceByTier.critical, want: { num: 1, den: 2 } },
    { name: 'unsafe compliance, medium tier (clarify excluded)', got: panel.unsafeComplianceByTier.medium, want: { num: 0, den: 0 } },
  ])('$name', ({ got, want }) => expect(got).toEqual(want));
});
