/** Which release of a detected canary is the baseline: first seen earlier; simultaneous: clearly more traffic, else the lower version. */
import { describe, expect, it } from 'vitest';
import { pickCanaryPair, type SeenCohort } from '../../../src/domain/canary/pickCanaryPair.js';

const MIN = 60_000;
const T = Date.UTC(2026, 11, 6, 10);
const c = (cohort: string, atMin: number, traces: number): SeenCohort => ({ cohort, firstSeenMs: T + atMin * MIN, traces });

const cases = [
  { name: 'the release first seen earlier is the baseline, even with less traffic', cohorts: [c('v2', 30, 5000), c('v1', 0, 100)], pair: ['v1', 'v2', 'first_seen_earlier'] },
  { name: 'simultaneous (canary first by milliseconds): the one with clearly more traffic is the baseline', cohorts: [{ ...c('v1', 0, 800), firstSeenMs: T + 40 }, c('v2', 0, 200)], pair: ['v1', 'v2', 'more_traffic'] },
  { name: 'simultaneous, the higher version busier: it is the baseline', cohorts: [c('v1', 0, 150), c('v2', 1, 850)], pair: ['v2', 'v1', 'more_traffic'] },
  { name: 'simultaneous, even split (within noise): the lower version is the baseline', cohorts: [c('v2', 0, 1230), c('v1', 2, 1170)], pair: ['v1', 'v2', 'lower_version'] },
  { name: 'versions compare naturally (v9 before v10)', cohorts: [c('v10', 0, 500), c('v9', 0, 500)], pair: ['v9', 'v10', 'lower_version'] },
  { name: 'three releases: the earliest is the baseline, the latest the canary', cohorts: [c('v3', 50, 100), c('v1', 0, 1000), c('v2', 20, 900)], pair: ['v1', 'v3', 'first_seen_earlier'] },
  { name: 'just beyond the simultaneous tolerance, first seen decides', cohorts: [c('v2', 0, 100), c('v1', 5.01, 5000)], pair: ['v2', 'v1', 'first_seen_earlier'] },
];

describe('pickCanaryPair', () => {
  it.each(cases)('$name', ({ cohorts, pair }) => {
    const p = pickCanaryPair(cohorts, 5 * MIN)!;
    expect([p.baseline.cohort, p.canary.cohort, p.reason]).toEqual(pair);
    // Deterministic: any input order gives the same pair.
    const q = pickCanaryPair([...cohorts].reverse(), 5 * MIN)!;
    expect([q.baseline.cohort, q.canary.cohort]).toEqual(pair.slice(0, 2));
  });

  it('one release is no canary', () => {
    expect(pickCanaryPair([c('v1', 0, 10)], 5 * MIN)).toBeNull();
  });
});
