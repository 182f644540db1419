import { describe, expect, it } from 'vitest';
import { countAbove, createSketch, mergedQuantile, sketchExceedance } from '../../../src/domain/stats/sketch.js';
import { seededRandom } from '../../../src/domain/stats/seededRandom.js';

function sketchOf(values: number[]) {
  const s = createSketch(0.01);
  values.forEach((v) => s.accept(v));
  return s;
}

describe('sketch rank helpers', () => {
  const range = Array.from({ length: 10_000 }, (_, i) => i + 1);
  it.each([
    { name: 'above 9000 of 1..10000', t: 9000, exact: 1000 },
    { name: 'above 100 of 1..10000', t: 100, exact: 9900 },
    { name: 'above the max', t: 20_000, exact: 0 },
    { name: 'above a negative threshold counts all', t: -1, exact: 10_000 },
  ])('$name', ({ t, exact }) => {
    const got = countAbove(sketchOf(range), t);
    // A bin spans 2% of its value: the count is exact up to the values sharing the threshold's bin.
    expect(Math.abs(got - exact)).toBeLessThanOrEqual(Math.ceil(0.02 * t) + 1);
  });

  it('pooled quantile of two sketches is within 1% of the exact one', () => {
    const rnd = seededRandom(7);
    const a = Array.from({ length: 3000 }, () => Math.exp(7 + rnd()));
    const b = Array.from({ length: 2000 }, () => Math.exp(7.2 + rnd()));
    const exact = [...a, ...b].sort((x, y) => x - y)[Math.floor(0.95 * 4999)]!;
    expect(Math.abs(mergedQuantile([sketchOf(a), sketchOf(b)], 0.95) / exact - 1)).toBeLessThan(0.011);
  });

  it.each([
    { name: 'identical arms exceed about equally', shift: 1, lo: -0.02, hi: 0.02 },
    { name: 'a slower canary exceeds more often', shift: 1.5, lo: 0.04, hi: 1 },
  ])('$name', ({ shift, lo, hi }) => {
    const rnd = seededRandom(11);
    const base = sketchOf(Array.from({ length: 5000 }, () => 1000 * Math.exp(rnd())));
    const can = sketchOf(Array.from({ length: 5000 }, () => shift * 1000 * Math.exp(rnd())));
    const r = sketchExceedance(base, can, 0.95);
    const diff = r.canaryAbove / r.canaryN - r.baselineAbove / r.baselineN;
    expect(diff).toBeGreaterThanOrEqual(lo);
    expect(diff).toBeLessThanOrEqual(hi);
  });
});
