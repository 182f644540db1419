/** A stored drift judgement as a chart point (src/app/canary/loadDriftSeries.ts). */
import { describe, expect, it } from 'vitest';
import { toDriftPoint, type DriftWindowRecord } from '../../../src/app/canary/loadDriftSeries.js';

const HOUR = 3_600_000;
const T = Date.UTC(2026, 11, 1, 10);
const rec = (kind: DriftWindowRecord['kind'], status: string, evidence: object, state: object = { windowStartMs: T }): DriftWindowRecord => ({
  projectId: 'p', service: 's', environment: 'e', metric: 'm', kind, status, critical: false, evidence: JSON.stringify(evidence), state: JSON.stringify(state), updatedMs: T + HOUR, windowStartMs: T,
});

const cases = [
  { name: 'rate: window and reference rate, fail line = reference + failAbs, CUSUM from the detector',
    r: rec('rate', 'WATCH', { rate: 0.2, referenceRate: 0.05, reason: 'r' }, { windowStartMs: T, detector: { cusum: 3.5 } }),
    want: { value: 0.2, reference: 0.05, bandLower: 0.05, bandUpper: 0.06, cusum: 3.5, status: 'WATCH', reason: 'r' } },
  { name: 'rate without data (NaN stored as null): no value, no band',
    r: rec('rate', 'NODATA', { rate: null, referenceRate: null }, { windowStartMs: T, detector: { cusum: 0 } }),
    want: { value: null, reference: null, bandLower: null, bandUpper: null, cusum: 0 } },
  { name: 'latency: the quantile against the band, centre as reference',
    r: rec('latency', 'OK', { value: 1200, bandLower: 1000, bandUpper: 1400 }),
    want: { value: 1200, reference: 1200, bandLower: 1000, bandUpper: 1400, cusum: null } },
  { name: 'mix: the distance with the shares',
    r: rec('mix', 'WATCH', { jsDistance: 0.3, changes: [{ category: 'b', referenceShare: 0.1, windowShare: 0.5 }] }),
    want: { value: 0.3, shares: [{ category: 'b', referenceShare: 0.1, windowShare: 0.5 }] } },
  { name: 'mix with an empty side: no value instead of a distance of 0',
    r: rec('mix', 'OK', { jsDistance: 0, psi: 0, chiSquareP: 1, changes: [] }),
    want: { value: null, shares: [] } },
];

describe('toDriftPoint', () => {
  it.each(cases)('$name', ({ r, want }) => {
    const p = toDriftPoint(r, HOUR, 0.01);
    const { bandUpper, ...rest } = want as { bandUpper?: number | null };
    expect(p).toMatchObject({ windowStart: new Date(T).toISOString(), windowEnd: new Date(T + HOUR).toISOString(), ...rest });
    if (typeof bandUpper === 'number') expect(p.bandUpper).toBeCloseTo(bandUpper, 12);
    else if (bandUpper === null) expect(p.bandUpper).toBeNull();
  });
});
