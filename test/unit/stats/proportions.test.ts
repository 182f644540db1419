import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../../src/domain/stats/wilson.js';
import { newcombeInterval } from '../../../src/domain/stats/newcombe.js';
import { twoProportionZ } from '../../../src/domain/stats/twoProportionZ.js';
import { fisherMidP } from '../../../src/domain/stats/fisherMidP.js';
import { binomialExceedanceP } from '../../../src/domain/stats/tailExceedance.js';
import { loadFixture } from './fixture.js';

type W = { name: string; x: number; n: number; conf: number; lower: number; upper: number };
type N = { name: string; x1: number; n1: number; x2: number; n2: number; conf: number; lower: number; upper: number };
type Z = { name: string; x1: number; n1: number; x2: number; n2: number; z: number; pGreater: number; pTwoSided: number };
type F = { name: string; x1: number; n1: number; x2: number; n2: number; pExact: number; pMid: number };
type B = { name: string; exceed: number; n: number; q: number; p: number };

describe('wilsonInterval vs statsmodels', () => {
  it.each(loadFixture<W>('wilson'))('$name', (c) => {
    const r = wilsonInterval(c.x, c.n, c.conf);
    expect(r.lower).toBeCloseTo(c.lower, 10);
    expect(r.upper).toBeCloseTo(c.upper, 10);
  });
});

describe('newcombeInterval vs statsmodels', () => {
  it.each(loadFixture<N>('newcombe'))('$name', (c) => {
    const r = newcombeInterval(c.x1, c.n1, c.x2, c.n2, c.conf);
    expect(r.lower).toBeCloseTo(c.lower, 9);
    expect(r.upper).toBeCloseTo(c.upper, 9);
    expect(r.lower).toBeLessThanOrEqual(r.estimate);
    expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
  });
});

describe('twoProportionZ vs statsmodels', () => {
  it.each(loadFixture<Z>('twoProportionZ'))('$name', (c) => {
    const r = twoProportionZ(c.x1, c.n1, c.x2, c.n2);
    expect(r.z).toBeCloseTo(c.z, 9);
    expect(r.pGreater).toBeCloseTo(c.pGreater, 10);
    expect(r.pTwoSided).toBeCloseTo(c.pTwoSided, 10);
  });
});

describe('fisherMidP vs scipy', () => {
  it.each(loadFixture<F>('fisherMidP'))('$name', (c) => {
    const r = fisherMidP(c.x1, c.n1, c.x2, c.n2);
    expect(r.pExact).toBeCloseTo(c.pExact, 9);
    expect(r.pMid).toBeCloseTo(c.pMid, 9);
    expect(r.pMid).toBeLessThanOrEqual(r.pExact);
  });
});

describe('binomialExceedanceP vs scipy.binomtest', () => {
  it.each(loadFixture<B>('binomialExceedance'))('$name', (c) => {
    expect(binomialExceedanceP(c.exceed, c.n, c.q)).toBeCloseTo(c.p, 9);
  });
});
