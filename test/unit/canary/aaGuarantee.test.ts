/**
 * The run-level guarantee itself: under no change, P(the run ever FAILs, over all gated metrics and all
 * looks) <= alpha. A seeded A/A simulation over many looks, made deliberately hard for the decision:
 * ten gated metrics (every rate plus both latency tails), fail margins at zero (so significance alone
 * decides) and 60 looks per run. A decideCanary that tests each metric at the full alpha (no
 * multiplicity control) or uses fixed-horizon p-values at every look exceeds alpha here by a wide margin;
 * the harness proves that about itself by computing those two naive verdicts from the same looks.
 */
import { describe, expect, it } from 'vitest';
import { createArmSummary, type ArmSummary } from '../../../src/domain/canary/armSummary.js';
import { decideCanary, type CanaryRunState } from '../../../src/domain/canary/decideCanary.js';
import { DEFAULT_POLICY } from '../../../src/domain/canary/defaultPolicy.js';
import type { MetricName, MetricPolicy, Policy } from '../../../src/domain/canary/policy.js';
import { RATE_FIELDS } from '../../../src/domain/canary/TraceObservation.js';
import { holm } from '../../../src/domain/stats/holm.js';
import { seededRandom } from '../../../src/domain/stats/seededRandom.js';

const RUNS = 300;
const LOOKS = 60;
const STEP = 50;
const ALPHA = 0.05;
const GATED: MetricName[] = ['refusal', 'escalation', 'abstention', 'toolError', 'retry', 'contentFilter', 'error', 'negativeFeedback', 'latencyP95', 'latencyP99'];
const BASE_RATES: Record<(typeof RATE_FIELDS)[number], number> = {
  refused: 0.05, escalated: 0.03, abstained: 0.04, toolError: 0.03, retried: 0.04, contentFilter: 0.02, error: 0.02, feedbackNegative: 0.2,
};

/** Every gated metric critical, weight 1, margins 0, evidence from the first 50 traces; shift metrics off (slow, and not needed). */
function hardPolicy(): Policy {
  const metrics = Object.fromEntries(
    Object.entries(DEFAULT_POLICY.canary.metrics).map(([name, m]): [string, MetricPolicy] => {
      if (!GATED.includes(name as MetricName)) return [name, { ...m, enabled: false }];
      const common = { critical: true, alphaWeight: 1, minFailPerArm: 50, minPerArm: 50 };
      return [name, m.kind === 'shift' ? m : { ...m, ...common, failAbs: 0, failRel: 1, passAbs: 0, passRel: 1 }];
    }),
  ) as Policy['canary']['metrics'];
  return { ...DEFAULT_POLICY, canary: { ...DEFAULT_POLICY.canary, alpha: ALPHA, metrics } };
}

/** Adds `STEP` simulated traces to an arm (rates by Bernoulli draws, latency log-normal into the sketch). */
function grow(arm: ArmSummary, rnd: () => number): void {
  for (let i = 0; i < STEP; i += 1) {
    arm.traces += 1;
    for (const f of RATE_FIELDS) {
      if (f === 'feedbackNegative' && rnd() >= 0.3) continue;
      arm.rates[f].n += 1;
      if (rnd() < BASE_RATES[f]) arm.rates[f].events += 1;
    }
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const d = arm.dists.latencyMs;
    d.sketch.accept(1500 * Math.exp(0.5 * z));
    d.seen += 1;
  }
}

/** One A/A run: did the real decision, a no-multiplicity decision, or a fixed-horizon decision ever FAIL? */
function runOnce(policy: Policy, seed: number): { real: boolean; noMultiplicity: boolean; fixedHorizon: boolean } {
  const rnd = seededRandom(seed);
  const b = createArmSummary({ seed: seed ^ 1 });
  const c = createArmSummary({ seed: seed ^ 2 });
  let state: CanaryRunState | null = null;
  const out = { real: false, noMultiplicity: false, fixedHorizon: false };
  for (let look = 0; look < LOOKS; look += 1) {
    grow(b, rnd);
    grow(c, rnd);
    const d = decideCanary({ policy, baseline: b, canary: c, previous: state });
    state = d.state;
    if (d.verdict === 'FAIL') out.real = true;
    const gated = d.metrics.filter((m) => m.gated && m.effect > 0);
    // Each metric at the full alpha on its (still sequential) p-value: no multiplicity control.
    if (gated.some((m) => m.pSequential <= ALPHA)) out.noMultiplicity = true;
    // Holm as required, but over fixed-horizon p-values recomputed at every look.
    const fixed = d.metrics.filter((m) => m.gated && m.pFixed !== null);
    if (holm(fixed.map((m) => m.pFixed!), ALPHA).rejected.some((r, i) => r && fixed[i]!.effect > 0)) out.fixedHorizon = true;
  }
  return out;
}

describe('canary A/A guarantee (seeded, many looks)', () => {
  const policy = hardPolicy();
  const runs = Array.from({ length: RUNS }, (_, r) => runOnce(policy, 0x5eed + r * 7919));
  const rate = (k: keyof (typeof runs)[number]): number => runs.filter((x) => x[k]).length / RUNS;

  it(`keeps the run-level false-FAIL rate within alpha over ${LOOKS} looks and ${GATED.length} gated metrics`, () => {
    expect(rate('real')).toBeLessThanOrEqual(ALPHA);
  });

  it('is a test with teeth: without multiplicity control, or with fixed-horizon p-values, the same runs exceed alpha', () => {
    expect(rate('noMultiplicity')).toBeGreaterThan(2 * ALPHA);
    expect(rate('fixedHorizon')).toBeGreaterThan(2 * ALPHA);
  });
});
