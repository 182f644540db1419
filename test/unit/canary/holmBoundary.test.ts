/**
 * Boundary cases where the multiplicity procedure itself decides the verdict: a refusal rise whose
 * always-valid p-value sits between two Holm thresholds FAILs only when the step-down reaches it (another
 * metric rejected first) or when its alpha weight gives it the larger share, and is INCONCLUSIVE otherwise.
 */
import { describe, expect, it } from 'vitest';
import { decideCanary } from '../../../src/domain/canary/decideCanary.js';
import { DEFAULT_POLICY } from '../../../src/domain/canary/defaultPolicy.js';
import type { MetricName, Policy } from '../../../src/domain/canary/policy.js';
import { arm } from './helpers.js';

/** Only refusal and toolError gated, with the given alpha weights (alpha 0.05). */
function twoGated(refusalWeight: number, toolErrorWeight: number): Policy {
  const metrics = Object.fromEntries(
    Object.entries(DEFAULT_POLICY.canary.metrics).map(([name, m]) => {
      const weight = name === 'refusal' ? refusalWeight : name === 'toolError' ? toolErrorWeight : 0;
      return [name, { ...m, alphaWeight: weight, critical: weight > 0 }];
    }),
  ) as Policy['canary']['metrics'];
  return { ...DEFAULT_POLICY, canary: { ...DEFAULT_POLICY.canary, alpha: 0.05, metrics } };
}

const baseline = arm({ n: 1000 }); // refusal 5%, tool error 2%
const toolErrorSame = { toolError: 0.02 };
const toolErrorWorse = { toolError: 0.1 };

const cases = [
  // refusal 8.0% vs 5.0%: always-valid p 0.0372, between alpha/2 (first Holm step) and alpha (second step).
  { name: 'Holm: refusal FAILs once toolError is rejected first (second step at alpha)', refusal: 0.08, weights: [1, 1], tool: toolErrorWorse, p: [0.025, 0.05], verdict: 'FAIL' },
  { name: 'Holm: the same refusal alone is INCONCLUSIVE (first step at alpha/2)', refusal: 0.08, weights: [1, 1], tool: toolErrorSame, p: [0.025, 0.05], verdict: 'INCONCLUSIVE' },
  // refusal 8.1%: p 0.0275, between alpha·1/2 and alpha·3/4.
  { name: 'weights 3:1 give refusal alpha 0.0375 at the first step: FAIL', refusal: 0.081, weights: [3, 1], tool: toolErrorSame, p: [0.025, 0.0375], verdict: 'FAIL' },
  { name: 'weights 1:1 give refusal alpha 0.025 at the first step: INCONCLUSIVE', refusal: 0.081, weights: [1, 1], tool: toolErrorSame, p: [0.025, 0.0375], verdict: 'INCONCLUSIVE' },
  { name: 'weights 1:3 give refusal alpha 0.0125: INCONCLUSIVE', refusal: 0.081, weights: [1, 3], tool: toolErrorSame, p: [0.0125, 0.05], verdict: 'INCONCLUSIVE' },
  { name: 'weight 0 never FAILs, however strong the evidence', refusal: 0.2, weights: [0, 1], tool: toolErrorSame, p: [0, 1e-6], verdict: 'INCONCLUSIVE' },
];

describe('Holm and alpha weights at the boundary', () => {
  it.each(cases)('$name', ({ refusal, weights, tool, p, verdict }) => {
    const d = decideCanary({ policy: twoGated(weights[0]!, weights[1]!), baseline, canary: arm({ n: 1000, refusal, ...tool }) });
    const r = d.metrics.find((m) => m.metric === ('refusal' satisfies MetricName))!;
    expect(r.pSequential).toBeGreaterThan(p[0]!);
    expect(r.pSequential).toBeLessThanOrEqual(p[1]!);
    expect(r.verdict).toBe(verdict);
    if (weights[0]! > 0) expect(d.verdict).toBe(verdict);
  });
});
