import { describe, expect, it } from 'vitest';
import { decideCanary, type CanaryRunState } from '../../../src/domain/canary/decideCanary.js';
import { DEFAULT_POLICY } from '../../../src/domain/canary/defaultPolicy.js';
import type { MetricPolicy, Policy } from '../../../src/domain/canary/policy.js';
import { createArmSummary } from '../../../src/domain/canary/armSummary.js';
import { arm } from './helpers.js';

function withMetric(name: keyof Policy['canary']['metrics'], over: Partial<MetricPolicy>): Policy {
  const m = { ...DEFAULT_POLICY.canary.metrics[name]!, ...over } as MetricPolicy;
  return { ...DEFAULT_POLICY, canary: { ...DEFAULT_POLICY.canary, metrics: { ...DEFAULT_POLICY.canary.metrics, [name]: m } } };
}

const same5k = arm({ n: 5000 });
const cases = [
  { name: 'empty canary arm is NODATA', policy: DEFAULT_POLICY, b: arm({ n: 500 }), c: createArmSummary(), verdict: 'NODATA', metric: 'refusal', metricVerdict: 'NODATA' },
  { name: 'refusal 5% -> 15% at 1000/arm fails the run (critical)', policy: DEFAULT_POLICY, b: arm({ n: 1000 }), c: arm({ n: 1000, refusal: 0.15 }), verdict: 'FAIL', metric: 'refusal', metricVerdict: 'FAIL' },
  { name: 'the msprt option also fails refusal 5% -> 15%', policy: { ...DEFAULT_POLICY, canary: { ...DEFAULT_POLICY.canary, sequential: 'msprt' as const } }, b: arm({ n: 1000 }), c: arm({ n: 1000, refusal: 0.15 }), verdict: 'FAIL', metric: 'refusal', metricVerdict: 'FAIL' },
  { name: 'escalation 3% -> 3.5% is not a FAIL', policy: DEFAULT_POLICY, b: arm({ n: 1000 }), c: arm({ n: 1000, escalation: 0.035 }), verdict: 'INCONCLUSIVE', metric: 'escalation', metricVerdict: 'INCONCLUSIVE' },
  { name: 'significant but inside a wide fail margin is not FAIL', policy: withMetric('refusal', { failAbs: 0.2 }), b: arm({ n: 1000 }), c: arm({ n: 1000, refusal: 0.15 }), verdict: 'INCONCLUSIVE', metric: 'refusal', metricVerdict: 'INCONCLUSIVE' },
  { name: 'a non-critical gated FAIL leaves the run INCONCLUSIVE', policy: withMetric('abstention', { alphaWeight: 1 }), b: arm({ n: 1000 }), c: arm({ n: 1000, abstention: 0.12 }), verdict: 'INCONCLUSIVE', metric: 'abstention', metricVerdict: 'FAIL' },
  { name: 'alpha weight 0 can never FAIL', policy: DEFAULT_POLICY, b: arm({ n: 1000 }), c: arm({ n: 1000, abstention: 0.3 }), verdict: 'INCONCLUSIVE', metric: 'abstention', metricVerdict: 'INCONCLUSIVE' },
  { name: 'below minimum samples is INCONCLUSIVE', policy: DEFAULT_POLICY, b: arm({ n: 100 }), c: arm({ n: 100 }), verdict: 'INCONCLUSIVE', metric: 'refusal', metricVerdict: 'INCONCLUSIVE' },
  { name: 'median latency x1.5 fails latencyP50', policy: DEFAULT_POLICY, b: arm({ n: 400 }), c: arm({ n: 400, latencyFactor: 1.5 }), verdict: 'FAIL', metric: 'latencyP50', metricVerdict: 'FAIL' },
  { name: 'missing ttft in the canary is NODATA for ttftP50', policy: DEFAULT_POLICY, b: arm({ n: 400 }), c: arm({ n: 400, noTtft: true }), verdict: 'INCONCLUSIVE', metric: 'ttftP50', metricVerdict: 'NODATA' },
  { name: 'one look of identical arms is not yet PASS (consecutivePass 2)', policy: DEFAULT_POLICY, b: same5k, c: same5k, verdict: 'INCONCLUSIVE', metric: 'refusal', metricVerdict: 'INCONCLUSIVE' },
];

describe('decideCanary verdict rules', () => {
  it.each(cases)('$name', ({ policy, b, c, verdict, metric, metricVerdict }) => {
    const d = decideCanary({ policy, baseline: b, canary: c });
    expect(d.verdict).toBe(verdict);
    expect(d.metrics.find((m) => m.metric === metric)?.verdict).toBe(metricVerdict);
    expect(d.policyVersion).toBe(policy.policyVersion);
    expect(d.reason.length).toBeGreaterThan(0);
  });
});

describe('decideCanary hysteresis across looks', () => {
  it('identical large arms PASS on the second consecutive look', () => {
    const first = decideCanary({ policy: DEFAULT_POLICY, baseline: same5k, canary: same5k });
    const second = decideCanary({ policy: DEFAULT_POLICY, baseline: same5k, canary: same5k, previous: first.state });
    expect(second.verdict).toBe('PASS');
    expect(second.state.looks).toBe(2);
  });

  it('a FAIL latches even when a later look looks fine', () => {
    const failed = decideCanary({ policy: DEFAULT_POLICY, baseline: arm({ n: 1000 }), canary: arm({ n: 1000, refusal: 0.15 }) });
    expect(failed.verdict).toBe('FAIL');
    const later = decideCanary({ policy: DEFAULT_POLICY, baseline: same5k, canary: same5k, previous: failed.state });
    expect(later.verdict).toBe('FAIL');
  });

  it('PASS survives one bad look and leaves after consecutivePass misses', () => {
    let state: CanaryRunState | null = null;
    for (let i = 0; i < 2; i += 1) state = decideCanary({ policy: DEFAULT_POLICY, baseline: same5k, canary: same5k, previous: state }).state;
    const small = arm({ n: 100 });
    const miss1 = decideCanary({ policy: DEFAULT_POLICY, baseline: small, canary: small, previous: state });
    expect(miss1.metrics.find((m) => m.metric === 'refusal')?.verdict).toBe('PASS');
    const miss2 = decideCanary({ policy: DEFAULT_POLICY, baseline: small, canary: small, previous: miss1.state });
    expect(miss2.metrics.find((m) => m.metric === 'refusal')?.verdict).toBe('INCONCLUSIVE');
  });

  it.each([
    { name: 'before the deadline', elapsedMs: 0, final: false },
    { name: 'at maxDuration the decision is final', elapsedMs: DEFAULT_POLICY.canary.maxDurationMs, final: true },
  ])('$name', ({ elapsedMs, final }) => {
    const d = decideCanary({ policy: DEFAULT_POLICY, baseline: arm({ n: 100 }), canary: arm({ n: 100 }), elapsedMs });
    expect(d.final).toBe(final);
    expect(d.reason.startsWith('deadline')).toBe(final);
  });
});
