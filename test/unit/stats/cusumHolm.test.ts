import { describe, expect, it } from 'vitest';
import { bernoulliCusum, cusumAddCounts } from '../../../src/domain/stats/bernoulliCusum.js';
import { holm } from '../../../src/domain/stats/holm.js';
import { loadFixture } from './fixture.js';

type C = { name: string; xs: number[]; p0: number; p1: number; h: number; s: number; alarms: number[] };
type H = { name: string; p: number[]; alpha: number; rejected: boolean[]; adjusted: number[] };

describe('bernoulliCusum vs python reference loop', () => {
  it.each(loadFixture<C>('bernoulliCusum'))('$name', (c) => {
    const r = bernoulliCusum(c.xs.map((x) => (x === 1 ? 1 : 0)), { p0: c.p0, p1: c.p1, h: c.h });
    expect(r.alarms).toEqual(c.alarms);
    expect(r.s).toBeCloseTo(c.s, 9);
  });
});

describe('cusumAddCounts (window-batched)', () => {
  it.each([
    { name: 'quiet window pulls the statistic to zero', s: 1, events: 5, n: 100, alarm: false, zero: true },
    { name: 'burst of events raises an alarm', s: 2, events: 20, n: 100, alarm: true, zero: false },
  ])('$name', ({ s, events, n, alarm, zero }) => {
    const r = cusumAddCounts(s, events, n, { p0: 0.05, p1: 0.1, h: 4 });
    expect(r.alarm).toBe(alarm);
    expect(r.s === 0).toBe(zero);
  });
});

describe('holm vs statsmodels multipletests', () => {
  it.each(loadFixture<H>('holm'))('$name', (c) => {
    const r = holm(c.p, c.alpha);
    expect(r.rejected).toEqual(c.rejected);
    r.adjusted.forEach((a, i) => expect(a).toBeCloseTo(c.adjusted[i]!, 12));
  });
});

describe('weighted holm', () => {
  it.each([
    { name: 'weight 0 is never rejected', p: [1e-9, 0.001], w: [0, 1], alpha: 0.05, rejected: [false, true] },
    { name: 'heavier weight gets more alpha', p: [0.03, 0.2], w: [3, 1], alpha: 0.05, rejected: [true, false] },
    { name: 'step-down frees alpha for the second', p: [0.001, 0.04], w: [1, 1], alpha: 0.05, rejected: [true, true] },
    { name: 'stops at the first non-rejection', p: [0.03, 0.04], w: [1, 1], alpha: 0.05, rejected: [false, false] },
  ])('$name', ({ p, w, alpha, rejected }) => {
    expect(holm(p, alpha, w).rejected).toEqual(rejected);
  });
});
