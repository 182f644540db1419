import { describe, expect, it } from 'vitest';
import { toTraceObservation } from '../../../src/domain/canary/toTraceObservation.js';
import { createArmSummary, addToArmSummary, mergeArmSummaries, summarizeArm } from '../../../src/domain/canary/armSummary.js';
import { obs, traceFacts } from './helpers.js';

const facts = traceFacts;

describe('toTraceObservation', () => {
  it.each([
    { name: 'refusal action', f: facts({ action: 'refuse' }), fb: null, check: { refused: true, escalated: false } },
    { name: 'escalation action', f: facts({ action: 'escalate' }), fb: null, check: { escalated: true } },
    { name: 'tool error then retry', f: facts({ toolCalls: 2, toolErrors: 1 }), fb: null, check: { toolError: true, retried: true } },
    { name: 'content filter finish', f: facts({ finishClasses: ['content_filter'], lastFinishClass: 'content_filter' }), fb: null, check: { contentFilter: true } },
    { name: 'tokens summed, latency from duration', f: facts({}), fb: null, check: { tokens: 150, latencyMs: 900, ttftMs: 120, feedbackNegative: null } },
    { name: 'unknown tokens stay null', f: facts({ inputTokens: null, outputTokens: null }), fb: null, check: { tokens: null } },
    { name: 'negative feedback', f: facts({}), fb: { negative: true }, check: { feedbackNegative: true } },
  ])('$name', ({ f, fb, check }) => {
    expect(toTraceObservation(f, fb)).toMatchObject(check);
  });
});

describe('arm summaries', () => {
  it.each([
    { name: 'small arm keeps every raw value', n: 50, limit: 100 },
    { name: 'large arm keeps a bounded sample', n: 500, limit: 100 },
  ])('$name', ({ n, limit }) => {
    const s = summarizeArm(Array.from({ length: n }, (_, i) => obs({ latencyMs: i + 1, refused: i % 10 === 0, feedbackNegative: i % 2 ? null : i % 4 === 0 })), { sampleLimit: limit });
    expect(s.traces).toBe(n);
    expect(s.rates.refused).toEqual({ n, events: Math.ceil(n / 10) });
    expect(s.rates.feedbackNegative.n).toBe(Math.ceil(n / 2));
    expect(s.dists.latencyMs.sample.length).toBe(Math.min(n, limit));
    expect(s.dists.latencyMs.sketch.count).toBe(n);
  });

  it('merging keeps counts and sketch totals exact and the sample bounded', () => {
    const a = createArmSummary({ sampleLimit: 100, seed: 1 });
    const b = createArmSummary({ sampleLimit: 100, seed: 2 });
    for (let i = 0; i < 300; i += 1) addToArmSummary(a, obs({ latencyMs: 1000 + i, error: i < 3 }));
    for (let i = 0; i < 100; i += 1) addToArmSummary(b, obs({ latencyMs: 5000 + i, error: true }));
    const m = mergeArmSummaries(a, b);
    expect(m.traces).toBe(400);
    expect(m.rates.error).toEqual({ n: 400, events: 103 });
    expect(m.dists.latencyMs.sketch.count).toBe(400);
    expect(m.dists.latencyMs.sample.length).toBe(100);
  });
});
