import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeMcNemar, mcnemarExactP } from '../../../src/domain/gate/computeMcNemar.js';

// Values from statsmodels mcnemar(exact=True), written by scripts/make-mcnemar-fixtures.py.
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/gate/mcnemar.json', import.meta.url), 'utf8')) as {
  rows: { b: number; c: number; p: number; p_binomtest: number }[];
};

describe('exact McNemar against statsmodels', () => {
  it.each(fixture.rows.map((r) => ({ ...r, name: `b=${r.b} c=${r.c}` })))('$name', ({ b, c, p, p_binomtest }) => {
    const got = mcnemarExactP(b, c);
    expect(Math.abs(got - p)).toBeLessThanOrEqual(1e-12 + 1e-9 * p);
    expect(Math.abs(got - p_binomtest)).toBeLessThanOrEqual(1e-12 + 1e-9 * p_binomtest);
  });

  it.each([
    { name: '6 regressions, 0 improvements is significant at 0.05', b: 6, c: 0, sig: true },
    { name: '5 regressions, 0 improvements is not (p = 0.0625)', b: 5, c: 0, sig: false },
    { name: 'many improvements are never a regression', b: 0, c: 30, sig: false },
  ])('$name', ({ b, c, sig }) => {
    expect(computeMcNemar(b, c, 0.05).significantRegression).toBe(sig);
  });
});
