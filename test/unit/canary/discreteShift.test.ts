/**
 * A shift metric over heavily tied values (a judge's 1-5 scores): the Hodges-Lehmann interval collapses to a
 * point, so the shift is the difference of means. Seeded: A/A over 10 looks keeps the
 * false-FAIL rate near alpha, and a one-point drop in half of the canary's scores is caught.
 */
import { describe, expect, it } from 'vitest';
import { addToArmSummary, createArmSummary, type ArmSummary } from '../../../src/domain/canary/armSummary.js';
import { decideCanary, type CanaryRunState } from '../../../src/domain/canary/decideCanary.js';
import { parsePolicy } from '../../../src/domain/canary/parsePolicy.js';
import { seededRandom } from '../../../src/domain/stats/seededRandom.js';
import { obs } from './helpers.js';

const parsed = parsePolicy('policyVersion: discrete\ncanary:\n  metrics:\n    judgeScore: {enabled: true, critical: true, alphaWeight: 1, minPerArm: 100}\n');
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const policy = parsed.policy;
/** Scores 1..5 mapped to 0..1 with the usual skew towards good answers. */
const WEIGHTS = [0.05, 0.1, 0.2, 0.35, 0.3];

function draw(rnd: () => number, drop: number): number {
  let u = rnd();
  let k = 0;
  while (k < WEIGHTS.length - 1 && u >= WEIGHTS[k]!) u -= WEIGHTS[k++]!;
  if (rnd() < drop) k = Math.max(0, k - 1);
  return k / 4;
}

/** FAIL verdicts of the judge metric over `runs` canaries with 10 looks of 60 traces per arm each. */
function failures(seed: number, runs: number, drop: number): number {
  let fails = 0;
  for (let r = 0; r < runs; r += 1) {
    const rnd = seededRandom(seed + r);
    const b: ArmSummary = createArmSummary({ seed: 1 });
    const c: ArmSummary = createArmSummary({ seed: 2 });
    let state: CanaryRunState | null = null;
    let failed = false;
    for (let look = 0; look < 10 && !failed; look += 1) {
      for (let i = 0; i < 60; i += 1) {
        addToArmSummary(b, obs({ judgeScore: draw(rnd, 0) }));
        addToArmSummary(c, obs({ judgeScore: draw(rnd, drop) }));
      }
      const d = decideCanary({ policy, baseline: b, canary: c, previous: state });
      state = d.state;
      failed = d.metrics.find((m) => m.metric === 'judgeScore')!.verdict === 'FAIL';
    }
    if (failed) fails += 1;
  }
  return fails;
}

describe('shift evidence on tied values', () => {
  it('A/A: false FAIL stays within alpha over 10 looks (200 seeded runs)', () => {
    expect(failures(1000, 200, 0) / 200).toBeLessThanOrEqual(policy.canary.alpha);
  });

  it('a drop of one point in half of the canary scores is caught in most runs', () => {
    expect(failures(5000, 50, 0.5)).toBeGreaterThanOrEqual(40);
  });
});
