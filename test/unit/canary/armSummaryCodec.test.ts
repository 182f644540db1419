import { describe, expect, it } from 'vitest';
import { addToArmSummary } from '../../../src/domain/canary/armSummary.js';
import { addExample, addMixes, createCohortSummary, decodeCohortSummary, encodeCohortSummary, mergeCohortSummaries, toStoredValue } from '../../../src/domain/canary/armSummaryCodec.js';
import { DIST_FIELDS, RATE_FIELDS } from '../../../src/domain/canary/TraceObservation.js';
import { seededRandom } from '../../../src/domain/stats/seededRandom.js';
import { obs } from './helpers.js';

function window(seed: number, n: number, limit = 500) {
  const rnd = seededRandom(seed);
  const s = createCohortSummary({ sampleLimit: limit, seed });
  for (let i = 0; i < n; i += 1) {
    const o = obs({ refused: rnd() < 0.1, toolError: rnd() < 0.05, latencyMs: 200 + 3000 * rnd(), ttftMs: rnd() < 0.5 ? null : 100 * rnd(), judgeScore: rnd() < 0.2 ? rnd() - 0.5 : null });
    addToArmSummary(s.arm, o);
    addExample(s.examples, `${seed}-${i}`, o);
    addMixes(s.mixes, { finishClass: [rnd() < 0.9 ? 'stop' : 'length'] });
  }
  return s;
}

describe('cohort summary codec', () => {
  it('round-trips counts, sketches, samples, examples and mixes', () => {
    const s = window(7, 1200);
    const d = decodeCohortSummary(encodeCohortSummary(s));
    expect(d.arm.rates).toEqual(s.arm.rates);
    expect(d.examples).toEqual(s.examples);
    expect(d.mixes).toEqual(s.mixes);
    for (const f of DIST_FIELDS) {
      // Samples are stored to 7 significant digits; encoding again changes nothing.
      expect(d.arm.dists[f].sample).toEqual(s.arm.dists[f].sample.map(toStoredValue));
      d.arm.dists[f].sample.forEach((v, i) => expect(Math.abs(v - s.arm.dists[f].sample[i]!)).toBeLessThanOrEqual(1e-6 * Math.abs(s.arm.dists[f].sample[i]!)));
      expect(d.arm.dists[f].seen).toBe(s.arm.dists[f].seen);
      expect(d.arm.dists[f].sketch.count).toBe(s.arm.dists[f].sketch.count);
      expect(decodeCohortSummary(encodeCohortSummary(d)).arm.dists[f].sample).toEqual(d.arm.dists[f].sample);
      for (const q of [0.01, 0.5, 0.95, 0.99]) if (s.arm.dists[f].sketch.count > 0) expect(d.arm.dists[f].sketch.getValueAtQuantile(q)).toBe(s.arm.dists[f].sketch.getValueAtQuantile(q));
    }
  });

  it('merging windows adds counts exactly, merges sketches exactly and bounds the sample', () => {
    const parts = [window(1, 900), window(2, 300), window(3, 1500)];
    const m = mergeCohortSummaries(parts.map((p) => decodeCohortSummary(encodeCohortSummary(p))), { sampleLimit: 2000, relativeAccuracy: 0.01, seed: 9 });
    for (const f of RATE_FIELDS) expect(m.arm.rates[f].events).toBe(parts.reduce((a, p) => a + p.arm.rates[f].events, 0));
    expect(m.arm.traces).toBe(2700);
    const lat = m.arm.dists.latencyMs;
    expect(lat.seen).toBe(2700);
    expect(lat.sketch.count).toBe(2700);
    expect(lat.sample.length).toBe(1300); // 500 + 300 + 500 stored values, all kept (under the limit)
    const big = mergeCohortSummaries(Array.from({ length: 8 }, (_, i) => window(10 + i, 600)), { sampleLimit: 2000, relativeAccuracy: 0.01, seed: 9 });
    expect(big.arm.dists.latencyMs.sample.length).toBe(2000);
    const median = [...big.arm.dists.latencyMs.sample].sort((a, b) => a - b)[1000]!;
    expect(Math.abs(median - big.arm.dists.latencyMs.sketch.getValueAtQuantile(0.5)) / median).toBeLessThan(0.06);
    expect(m.mixes.finishClass!.stop! + m.mixes.finishClass!.length!).toBe(2700);
  });
});
