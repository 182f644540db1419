import { describe, expect, it } from 'vitest';
import { createPrng, planTraffic, PRESET_NAMES, type PresetName, type TrafficInput, type PlannedTrace } from '../../../src/domain/simulate/index.js';

const input = (over: Partial<TrafficInput> = {}): TrafficInput => ({
  seed: 's1', preset: 'aa', baselineRelease: 'v1', canaryRelease: 'v2', canaryShare: 0.5,
  traces: 200, ratePerS: 10, startMs: 1_700_000_000_000, labelled: true, ...over,
});

describe('createPrng', () => {
  it('same seed gives the same sequence, different seeds differ', () => {
    const draw = (seed: string) => { const p = createPrng(seed); return Array.from({ length: 5 }, () => p.next()); };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
  });
  it('log-normal median and uniform mean are close to their targets', () => {
    const p = createPrng(7);
    const xs = Array.from({ length: 20_001 }, () => p.logNormal(1000, 0.5)).sort((a, b) => a - b);
    expect(xs[10_000]).toBeGreaterThan(970);
    expect(xs[10_000]).toBeLessThan(1030);
    const us = Array.from({ length: 20_000 }, () => p.next());
    expect(us.reduce((a, b) => a + b, 0) / us.length).toBeCloseTo(0.5, 1);
  });
});

describe('planTraffic determinism', () => {
  it('same seed, same plan; other seed, other plan', () => {
    expect(planTraffic(input())).toEqual(planTraffic(input()));
    expect(planTraffic(input({ seed: 's2' })).traces.map((t) => t.latencyMs)).not.toEqual(planTraffic(input()).traces.map((t) => t.latencyMs));
  });
  it('a longer run extends a shorter one (trace i depends only on seed and i)', () => {
    const short = planTraffic(input({ traces: 20 }));
    const long = planTraffic(input({ traces: 40 }));
    expect(long.traces.slice(0, 20)).toEqual(short.traces);
  });
  it('unlabelled changes only the label', () => {
    const a = planTraffic(input({ labelled: true })).traces;
    const b = planTraffic(input({ labelled: false })).traces;
    expect(b.map((t) => ({ ...t, actionLabelled: true }))).toEqual(a);
  });
});

describe('planned trace invariants', () => {
  const plan = planTraffic(input({ traces: 500, preset: 'tool-error-regression' }));
  const cases = plan.traces.slice(0, 500).map((t) => ({ name: `trace ${t.index}`, t }));
  it('every child lies inside the root with integer timings; totals match the LLM spans', () => {
    for (const { t } of cases) {
      expect(Number.isInteger(t.latencyMs)).toBe(true);
      expect(t.root.durationMs).toBe(t.latencyMs);
      let cursor = 0;
      for (const c of t.children) {
        expect(Number.isInteger(c.startOffsetMs) && Number.isInteger(c.durationMs)).toBe(true);
        expect(c.durationMs).toBeGreaterThanOrEqual(1);
        expect(c.startOffsetMs).toBeGreaterThanOrEqual(cursor);
        cursor = c.startOffsetMs + c.durationMs;
      }
      expect(cursor).toBeLessThanOrEqual(t.latencyMs);
      const llms = t.children.filter((c) => c.kind === 'llm');
      const tools = t.children.filter((c) => c.kind === 'tool');
      expect(t.inputTokens).toBe(llms.reduce((s, l) => s + l.inputTokens, 0));
      expect(t.outputTokens).toBe(llms.reduce((s, l) => s + l.outputTokens, 0));
      expect(t.toolCalls).toBe(tools.length);
      expect(t.toolErrors).toBe(tools.filter((x) => x.error).length);
      for (const l of llms) expect(l.ttftMs).toBeLessThan(l.durationMs);
      if (t.action === 'escalate') expect(tools.map((x) => x.name)).toContain('escalate_to_human');
      if (t.finishClass === 'content_filter') expect(t.action).toBe('refuse');
    }
  });
  it('arrivals are non-decreasing', () => {
    plan.traces.slice(1).forEach((t, i) => expect(t.startMs).toBeGreaterThanOrEqual((plan.traces[i] as PlannedTrace).startMs));
  });
  it('response texts vary within an action', () => {
    const refusals = new Set(planTraffic(input({ traces: 3000 })).traces.filter((t) => t.action === 'refuse' && t.responseText).map((t) => t.responseText));
    expect(refusals.size).toBeGreaterThanOrEqual(3);
  });
});

/** Share of traces matching `pred` within a cohort. */
function rate(traces: PlannedTrace[], cohort: 'baseline' | 'canary', pred: (t: PlannedTrace) => boolean): number {
  const inCohort = traces.filter((t) => t.cohort === cohort);
  return inCohort.filter(pred).length / inCohort.length;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

describe('preset rates (20 000 traces, tolerance ~4 standard errors)', () => {
  const N = 20_000;
  const plans = new Map(PRESET_NAMES.map((p) => [p, planTraffic(input({ preset: p, traces: N, seed: `rates-${p}` })).traces]));
  const tol = (p: number) => 4 * Math.sqrt((p * (1 - p)) / (N / 2));
  const cases: Array<{ name: string; preset: PresetName; pred: (t: PlannedTrace) => boolean; baseline: number; canary: number }> = [
    { name: 'aa: refusals equal', preset: 'aa', pred: (t) => t.action === 'refuse', baseline: 0.05, canary: 0.05 },
    { name: 'refusal-regression: 5% -> 10%', preset: 'refusal-regression', pred: (t) => t.action === 'refuse', baseline: 0.05, canary: 0.1 },
    { name: 'escalation-regression: 3% -> 6%', preset: 'escalation-regression', pred: (t) => t.action === 'escalate', baseline: 0.03, canary: 0.06 },
    { name: 'tool-error-regression: 2% -> 5%', preset: 'tool-error-regression', pred: (t) => t.toolErrors > 0, baseline: 0.02, canary: 0.05 },
    { name: 'aa: lookup tool calls 35%', preset: 'aa', pred: (t) => t.children.some((c) => c.kind === 'tool' && c.name !== 'escalate_to_human'), baseline: 0.35, canary: 0.35 },
    { name: 'aa: feedback share 10%', preset: 'aa', pred: (t) => t.feedback !== null, baseline: 0.1, canary: 0.1 },
    { name: 'aa: content_filter = 30% of 5% refusals', preset: 'aa', pred: (t) => t.finishClass === 'content_filter', baseline: 0.015, canary: 0.015 },
  ];
  it.each(cases)('$name', ({ preset, pred, baseline, canary }) => {
    const traces = plans.get(preset) as PlannedTrace[];
    expect(Math.abs(rate(traces, 'baseline', pred) - baseline)).toBeLessThan(tol(baseline));
    expect(Math.abs(rate(traces, 'canary', pred) - canary)).toBeLessThan(tol(canary));
  });
  it('canary share is about one half', () => {
    const canary = (plans.get('aa') as PlannedTrace[]).filter((t) => t.cohort === 'canary').length / N;
    expect(Math.abs(canary - 0.5)).toBeLessThan(0.02);
  });
  const latencyCases = [
    { name: 'aa: medians equal', preset: 'aa' as const, ratio: 1 },
    { name: 'latency-regression: canary median +30%', preset: 'latency-regression' as const, ratio: 1.3 },
  ];
  it.each(latencyCases)('$name', ({ preset, ratio }) => {
    const traces = plans.get(preset) as PlannedTrace[];
    const by = (c: string) => traces.filter((t) => t.cohort === c).map((t) => t.latencyMs);
    expect(median(by('canary')) / median(by('baseline'))).toBeGreaterThan(ratio - 0.05);
    expect(median(by('canary')) / median(by('baseline'))).toBeLessThan(ratio + 0.05);
    // same shape: the spread of log-latency (sigma) is unchanged
    const sd = (xs: number[]) => { const l = xs.map(Math.log); const m = l.reduce((a, b) => a + b, 0) / l.length; return Math.sqrt(l.reduce((a, b) => a + (b - m) ** 2, 0) / l.length); };
    expect(Math.abs(sd(by('canary')) - sd(by('baseline')))).toBeLessThan(0.03);
  });
});
