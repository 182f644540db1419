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
