/** selectKth agrees with a full sort at every rank, for shuffled, sorted, reversed and tied inputs. */
import { describe, expect, it } from 'vitest';
import { selectKth } from '../../../src/domain/stats/selectKth.js';
import { seededRandom } from '../../../src/domain/stats/seededRandom.js';

const rnd = seededRandom(42);
const inputs = [
  { name: 'random', values: Array.from({ length: 301 }, () => rnd() * 100 - 50) },
  { name: 'sorted', values: Array.from({ length: 200 }, (_, i) => i) },
  { name: 'reversed', values: Array.from({ length: 200 }, (_, i) => 200 - i) },
  { name: 'many ties', values: Array.from({ length: 257 }, () => Math.floor(rnd() * 4)) },
  { name: 'one value', values: [7] },
];

describe('selectKth', () => {
  it.each(inputs)('$name: every rank matches the sorted order', ({ values }) => {
    const sorted = Float64Array.from(values).sort();
    for (let k = 0; k < values.length; k += 1) expect(selectKth(Float64Array.from(values), k)).toBe(sorted[k]);
  });
  it('a rank outside the array is an error', () => {
    expect(() => selectKth(new Float64Array([1, 2]), 2)).toThrow(RangeError);
  });
});
