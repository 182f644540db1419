import { describe, expect, it } from 'vitest';
import { meanMeetsAtLeast, meetsAtLeast, parseThreshold } from '../../../src/domain/gate/Ratio.js';

describe('exact rate comparison', () => {
  it.each([
    { name: '2 of 3 meets "2/3"', num: 2, den: 3, t: '2/3', ok: true },
    { name: '2 of 3 meets 2/3 written as a float', num: 2, den: 3, t: 2 / 3, ok: true },
    { name: '2 of 3 misses 0.6667', num: 2, den: 3, t: 0.6667, ok: false },
    { name: '2 of 3 meets 0.6666', num: 2, den: 3, t: 0.6666, ok: true },
    { name: '2 of 3 misses "66.7%"', num: 2, den: 3, t: '66.7%', ok: false },
    { name: '3 of 4 meets 0.75 exactly', num: 3, den: 4, t: 0.75, ok: true },
    { name: '74 of 100 misses 0.75', num: 74, den: 100, t: 0.75, ok: false },
    { name: '1 of 1 meets 1', num: 1, den: 1, t: 1, ok: true },
    { name: 'empty rate meets anything', num: 0, den: 0, t: 1, ok: true },
    { name: '1 of 10^7 meets 1e-7', num: 1, den: 10_000_000, t: 1e-7, ok: true },
  ])('$name', ({ num, den, t, ok }) => {
    const threshold = parseThreshold(t);
    expect(threshold).not.toBeNull();
    expect(meetsAtLeast({ num, den }, threshold!)).toBe(ok);
  });

  it.each([
    { name: 'above one', v: 1.5 },
    { name: 'negative', v: -0.1 },
    { name: 'text', v: 'most' },
    { name: 'zero denominator', v: '1/0' },
    { name: 'improper fraction', v: '4/3' },
  ])('rejects $name', ({ v }) => {
    expect(parseThreshold(v)).toBeNull();
  });

  it.each([
    { name: 'mean of 1, 1, 1/2, 1/2 is exactly 3/4', parts: [[1, 1], [1, 1], [1, 2], [1, 2]], t: 0.75, ok: true },
    { name: 'mean of 1, 1, 1, 1/3 is 5/6, misses 0.84', parts: [[1, 1], [1, 1], [1, 1], [1, 3]], t: 0.84, ok: false },
    { name: 'mean of 2/3, 1/3, 1, 1 is 3/4', parts: [[2, 3], [1, 3], [1, 1], [1, 1]], t: '3/4', ok: true },
  ])('$name', ({ parts, t, ok }) => {
    expect(meanMeetsAtLeast(parts.map(([num, den]) => ({ num: num!, den: den! })), parseThreshold(t)!)).toBe(ok);
  });
});
