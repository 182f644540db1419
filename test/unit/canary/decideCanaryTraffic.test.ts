/** A canary run ends when one arm's release stops receiving traffic while the other releases keep theirs. */
import { describe, expect, it } from 'vitest';
import { decideArmTraffic, decideCanaryTraffic } from '../../../src/domain/canary/decideCanaryTraffic.js';

const m = (cohortTraces: number, otherTraces: number) => ({ cohortTraces, otherTraces });

const arm = [
  { name: 'first look: only a mark', prev: null, now: m(100, 100), gone: false, mark: m(100, 100) },
  { name: 'the arm grew: new mark', prev: m(100, 100), now: m(101, 400), gone: false, mark: m(101, 400) },
  { name: 'half the traffic, then 15 other traces and none of its own: not yet (chance above 1e-6)', prev: m(500, 500), now: m(500, 515), gone: false, mark: m(500, 500) },
  { name: 'half the traffic, then 100 other traces and none of its own: gone', prev: m(500, 500), now: m(500, 600), gone: true, mark: m(500, 500) },
  { name: 'a 1% canary after 300 other traces: too few to tell', prev: m(20, 2000), now: m(20, 2300), gone: false, mark: m(20, 2000) },
  { name: 'a 1% canary after 10,000 other traces: gone', prev: m(20, 2000), now: m(20, 12_000), gone: true, mark: m(20, 2000) },
  { name: 'nobody got traffic: not gone (the idle rule decides)', prev: m(500, 500), now: m(500, 500), gone: false, mark: m(500, 500) },
  { name: 'never seen: not gone', prev: m(0, 500), now: m(0, 5000), gone: false, mark: m(0, 5000) },
];

describe('decideArmTraffic', () => {
  it.each(arm)('$name', ({ prev, now, gone, mark }) => {
    const d = decideArmTraffic(prev, now);
    expect(d.gone !== null).toBe(gone);
    expect(d.mark).toEqual(mark);
    if (d.gone) expect(d.gone.chance).toBeLessThanOrEqual(1e-6);
  });
});

describe('decideCanaryTraffic', () => {
  const prev = { canary: m(500, 500), baseline: m(500, 500) };
  it('the canary release stopped (rolled back or replaced): canary_traffic_stopped', () => {
    const d = decideCanaryTraffic(prev, { canary: m(500, 700), baseline: m(700, 500) });
    expect(d).toMatchObject({ ended: true, reason: 'canary_traffic_stopped', evidence: { otherSince: 200 } });
  });
  it('the baseline stopped (canary promoted): baseline_traffic_stopped', () => {
    const d = decideCanaryTraffic(prev, { canary: m(700, 500), baseline: m(500, 700) });
    expect(d).toMatchObject({ ended: true, reason: 'baseline_traffic_stopped' });
  });
  it('both arms growing: the run goes on with new marks', () => {
    const d = decideCanaryTraffic(prev, { canary: m(600, 600), baseline: m(600, 600) });
    expect(d).toEqual({ ended: false, marks: { canary: m(600, 600), baseline: m(600, 600) } });
  });
});
