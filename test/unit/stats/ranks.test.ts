import { describe, expect, it } from 'vitest';
import { mannWhitneyU } from '../../../src/domain/stats/mannWhitney.js';
import { hodgesLehmann } from '../../../src/domain/stats/hodgesLehmann.js';
import { tailExceedance } from '../../../src/domain/stats/tailExceedance.js';
import { loadFixture } from './fixture.js';

type MW = { name: string; x: number[]; y: number[]; u: number; pGreater: number; pTwoSided: number; hl: number; hlLower: number; hlUpper: number; conf: number };
type T = { name: string; baseline: number[]; canary: number[]; q: number; threshold: number; baselineAbove: number; canaryAbove: number };

describe('mannWhitneyU vs scipy.stats.mannwhitneyu (asymptotic, continuity)', () => {
  it.each(loadFixture<MW>('mannWhitney'))('$name', (c) => {
    const r = mannWhitneyU(c.x, c.y);
    expect(r.u).toBeCloseTo(c.u, 9);
    expect(r.pGreater).toBeCloseTo(c.pGreater, 10);
    expect(r.pTwoSided).toBeCloseTo(c.pTwoSided, 10);
  });
});

describe('hodgesLehmann vs brute-force numpy order statistics', () => {
  it.each(loadFixture<MW>('mannWhitney'))('$name', (c) => {
    const r = hodgesLehmann(c.x, c.y, c.conf);
    expect(r.estimate).toBeCloseTo(c.hl, 10);
    expect(r.lower).toBeCloseTo(c.hlLower, 10);
    expect(r.upper).toBeCloseTo(c.hlUpper, 10);
  });
});

describe('tailExceedance vs numpy quantile', () => {
  it.each(loadFixture<T>('tailExceedance'))('$name', (c) => {
    const r = tailExceedance(c.baseline, c.canary, c.q);
    expect(r.threshold).toBeCloseTo(c.threshold, 8);
    expect(r.baselineAbove).toBe(c.baselineAbove);
    expect(r.canaryAbove).toBe(c.canaryAbove);
  });
});

describe('hodgesLehmann on larger and heavily tied samples (vs brute force)', () => {
  const brute = (x: number[], y: number[], conf: number) => {
    const d = y.flatMap((b) => x.map((a) => b - a)).sort((p, q) => p - q);
    const n = d.length;
    const mid = n % 2 ? d[(n - 1) / 2]! : (d[n / 2 - 1]! + d[n / 2]!) / 2;
    const z = conf === 0.9 ? 1.6448536269514722 : 1.959963984540054;
    const k = Math.max(1, Math.floor(n / 2 - z * Math.sqrt((x.length * y.length * (x.length + y.length + 1)) / 12)));
    return { estimate: mid, lower: d[k - 1]!, upper: d[n - k]! };
  };
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296);
  it.each([
    { name: '400 x 350 continuous', x: Array.from({ length: 400 }, rnd), y: Array.from({ length: 350 }, () => rnd() + 0.1) },
    { name: 'heavy ties (5 distinct values)', x: Array.from({ length: 300 }, () => Math.floor(5 * rnd())), y: Array.from({ length: 300 }, () => Math.floor(5 * rnd())) },
    { name: 'constant arms', x: Array.from({ length: 200 }, () => 3), y: Array.from({ length: 250 }, () => 5) },
  ])('$name', ({ x, y }) => {
    const r = hodgesLehmann(x, y, 0.9);
    const b = brute(x, y, 0.9);
    expect(r.estimate).toBeCloseTo(b.estimate, 12);
    expect(r.lower).toBeCloseTo(b.lower, 12);
    expect(r.upper).toBeCloseTo(b.upper, 12);
  });
});
