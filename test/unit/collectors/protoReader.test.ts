import { describe, expect, it } from 'vitest';
import { ProtoReader, uint64ToDecimal } from '../../../collectors/protoReader.js';
import { ld, msg, varint } from './support/protoBytes.js';

/** Deterministic pseudo-random 32-bit values (no Math.random in tests). */
function* lcg(seed: number): Generator<number> {
  let x = seed >>> 0;
  for (;;) { x = (Math.imul(x, 1664525) + 1013904223) >>> 0; yield x; }
}

describe('uint64ToDecimal', () => {
  it.each([
    { lo: 0, hi: 0 }, { lo: 0xffffffff, hi: 0x1fffff }, { lo: 0, hi: 0x200000 }, { lo: 0xffffffff, hi: 0xffffffff },
    { lo: 0x9f0b4e00, hi: 0x17a2c3e1 }, { lo: 1, hi: 0x80000000 },
  ])('$hi:$lo', ({ lo, hi }) => {
    expect(uint64ToDecimal(lo, hi)).toBe(((BigInt(hi) << 32n) | BigInt(lo)).toString());
  });

  it('matches BigInt on 20000 pseudo-random values', () => {
    const rnd = lcg(42);
    for (let i = 0; i < 20000; i++) {
      const lo = rnd.next().value as number;
      const hi = rnd.next().value as number;
      expect(uint64ToDecimal(lo, hi)).toBe(((BigInt(hi) << 32n) | BigInt(lo)).toString());
    }
  });
});

describe('ProtoReader.int64', () => {
  it.each([
    0n, 1n, 300n, -1n, -42n, 2n ** 53n - 1n, -(2n ** 53n - 1n), 2n ** 53n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n), 2n ** 60n,
  ])('%s', (value) => {
    const r = new ProtoReader(varint(1, value).subarray(1));
    const expected = value >= -(2n ** 53n - 1n) && value <= 2n ** 53n - 1n ? Number(value) : value.toString();
    expect(r.int64()).toBe(expected);
  });
});

describe('ProtoReader.string interning', () => {
  it('returns equal strings for equal bytes and distinct ones for colliding slots', () => {
    const keys = Array.from({ length: 10000 }, (_, i) => `gen_ai.attr.${i % 500}.ü`);
    const body = msg(...keys.map((k) => ld(1, k)));
    const r = new ProtoReader(body);
    const out: string[] = [];
    while (r.pos < body.length) { r.uint32(); out.push(r.string(body.length)); }
    expect(out).toEqual(keys);
  });
});
