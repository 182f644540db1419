import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../src/domain/canary/defaultPolicy.js';
import { decideRateDrift, FRESH_DETECTOR, type DetectorState } from '../../../src/domain/drift/decideRateDrift.js';
import { decideLatencyDrift } from '../../../src/domain/drift/decideLatencyDrift.js';
import { computeMixShift } from '../../../src/domain/drift/computeMixShift.js';
import { decideDrift } from '../../../src/domain/drift/decideDrift.js';

const policy = DEFAULT_POLICY.drift;
const ref = { n: 100_000, events: 5_000 }; // 5% reference

/** Feeds windows in order and returns the statuses. */
function run(windows: Array<{ n: number; events: number }>): string[] {
  let state: DetectorState | null = null;
  return windows.map((w) => {
    const r = decideRateDrift(state, ref, w, policy);
    state = r.state;
    return r.status;
  });
}

describe('rate drift: windowed one-sided test with consecutive-window hysteresis', () => {
  it.each([
    { name: 'steady windows stay OK', windows: [500, 500, 500].map(() => ({ n: 1000, events: 50 })), statuses: ['OK', 'OK', 'OK'] },
    { name: 'one bad window is only WATCH', windows: [{ n: 1000, events: 75 }, { n: 1000, events: 50 }], statuses: ['WATCH', 'OK'] },
    { name: 'two bad windows in a row DRIFT', windows: [{ n: 1000, events: 90 }, { n: 1000, events: 90 }], statuses: ['WATCH', 'DRIFT'] },
    { name: 'DRIFT clears only after two clean windows (CUSUM memory included)', windows: [90, 90, 30, 30, 30].map((events) => ({ n: 1000, events })), statuses: ['WATCH', 'DRIFT', 'DRIFT', 'DRIFT', 'OK'] },
    { name: 'small windows are NODATA and do not reset the streak', windows: [{ n: 1000, events: 90 }, { n: 20, events: 0 }, { n: 1000, events: 90 }], statuses: ['WATCH', 'NODATA', 'DRIFT'] },
    { name: 'significant but below failAbs is OK', windows: [{ n: 100_000, events: 5_600 }], statuses: ['OK'] },
  ])('$name', ({ windows, statuses }) => {
    expect(run(windows)).toEqual(statuses);
  });

  it('slow creep below the window test is caught by the CUSUM', () => {
    // 6.5% vs 5%: no single 1,000-trace window is significant at 1%, the CUSUM accumulates.
    const statuses = run(Array.from({ length: 12 }, () => ({ n: 1000, events: 65 })));
    expect(statuses.slice(0, 2)).toEqual(['OK', 'OK']);
    expect(statuses).toContain('DRIFT');
  });

  it.each([
    { name: 'tiny counts use Fisher mid-p', window: { n: 100, events: 3 }, reference: { n: 100, events: 0 }, test: 'fisher-mid-p' },
    { name: 'large counts use z', window: { n: 1000, events: 60 }, reference: ref, test: 'z' },
  ])('$name', ({ window, reference, test }) => {
    expect(decideRateDrift(FRESH_DETECTOR, reference, window, policy).test).toBe(test);
  });
});

describe('latency band drift', () => {
  const chunks = Array.from({ length: 24 }, (_, i) => 2000 + (i % 5) * 20); // mean 2040, sd ~ 29
  it.each([
    { name: 'inside the band is OK', values: [2100, 2050], statuses: ['OK', 'OK'] },
    { name: 'two windows above the band DRIFT', values: [2600, 2700], statuses: ['WATCH', 'DRIFT'] },
    { name: 'missing window value is NODATA', values: [null], statuses: ['NODATA'] },
  ])('$name', ({ values, statuses }) => {
    let state: DetectorState | null = null;
    const got = values.map((v) => {
      const r = decideLatencyDrift(state, chunks, v, policy);
      state = r.state;
      return r.status;
    });
    expect(got).toEqual(statuses);
  });

  it('too few reference chunks is NODATA', () => {
    expect(decideLatencyDrift(null, chunks.slice(0, 5), 5000, policy).status).toBe('NODATA');
  });
});

describe('categorical mix shift (informational)', () => {
  it.each([
    { name: 'identical mixes', ref: { stop: 90, tool_call: 10 } as Record<string, number>, win: { stop: 900, tool_call: 100 } as Record<string, number>, jsMax: 1e-9, pMin: 0.99 },
    { name: 'content_filter appears', ref: { stop: 95, length: 5 } as Record<string, number>, win: { stop: 80, length: 5, content_filter: 15 } as Record<string, number>, jsMin: 0.2, pMax: 0.001 },
  ])('$name', ({ ref: r, win, jsMax, jsMin, pMin, pMax }) => {
    const m = computeMixShift(r, win);
    if (jsMax !== undefined) expect(m.jsDistance).toBeLessThanOrEqual(jsMax);
    if (jsMin !== undefined) expect(m.jsDistance).toBeGreaterThanOrEqual(jsMin);
    if (pMin !== undefined) expect(m.chiSquareP).toBeGreaterThanOrEqual(pMin);
    if (pMax !== undefined) expect(m.chiSquareP).toBeLessThanOrEqual(pMax);
  });
});

describe('decideDrift wiring', () => {
  it('carries state per metric and lists drifting ones', () => {
    const input = { policy, rates: { refusal: { reference: ref, window: { n: 1000, events: 100 } }, error: { reference: ref, window: { n: 1000, events: 50 } } } };
    const first = decideDrift(input);
    const second = decideDrift({ ...input, previous: first.state });
    expect(first.drifting).toEqual([]);
    expect(second.drifting).toEqual(['refusal']);
    expect(second.rates.error!.status).toBe('OK');
  });
});
