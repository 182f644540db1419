import { describe, expect, it } from 'vitest';
import { orderSpans } from '../../../src/domain/facts/orderSpans.js';

const s = (spanId: string, parentSpanId: string | null, startMs: number) => ({ spanId, parentSpanId, startMs });

describe('orderSpans', () => {
  const cases = [
    { name: 'start time first', spans: [s('b', null, 2), s('a', 'b', 3)], want: ['b', 'a'] },
    { name: 'parent before a child started in the same ms, whatever the ids', spans: [s('0child', 'zroot', 5), s('zroot', null, 5)], want: ['zroot', '0child'] },
    { name: 'grandchild after child on a tie', spans: [s('a', 'b', 1), s('b', 'c', 1), s('c', null, 1)], want: ['c', 'b', 'a'] },
    { name: 'span id breaks remaining ties', spans: [s('y', 'r', 1), s('x', 'r', 1), s('r', null, 0)], want: ['r', 'x', 'y'] },
    { name: 'a parent cycle does not hang', spans: [s('a', 'b', 1), s('b', 'a', 1)], want: ['a', 'b'] },
  ];
  it.each(cases)('$name', ({ spans, want }) => {
    expect(orderSpans(spans).map((x) => x.spanId)).toEqual(want);
    expect(orderSpans([...spans].reverse()).map((x) => x.spanId)).toEqual(want);
  });
});
