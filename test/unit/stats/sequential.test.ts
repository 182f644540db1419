import { describe, expect, it } from 'vitest';
import { alwaysValidP, msprtLogLr, oneSidedMsprtLogLr, sprtLogLr } from '../../../src/domain/stats/msprt.js';
import { loadFixture } from './fixture.js';

type M = { name: string; estimate: number; se: number; tau: number; effect: number; logLr: number; oneSidedLogLr: number; sprtLogLr: number };

describe('mSPRT / SPRT log-LR vs scipy quadrature of the mixture', () => {
  it.each(loadFixture<M>('msprt'))('$name', (c) => {
    expect(msprtLogLr(c)).toBeCloseTo(c.logLr, 7);
    expect(oneSidedMsprtLogLr(c)).toBeCloseTo(c.oneSidedLogLr, 6);
    expect(sprtLogLr({ estimate: c.estimate, se: c.se, effect: c.effect })).toBeCloseTo(c.sprtLogLr, 8);
  });
});

describe('alwaysValidP', () => {
  it.each([
    { name: 'no evidence', maxLogLr: -3, p: 1 },
    { name: 'threshold at alpha 0.05', maxLogLr: Math.log(20), p: 0.05 },
    { name: 'strong evidence', maxLogLr: Math.log(1000), p: 0.001 },
  ])('$name', ({ maxLogLr, p }) => {
    expect(alwaysValidP(maxLogLr)).toBeCloseTo(p, 12);
  });
});
