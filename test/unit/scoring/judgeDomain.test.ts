/** The judge's pure parts: sampler determinism and strata, reply parsing, agreement (kappa). */
import { describe, expect, it } from 'vitest';
import { computeAgreement } from '../../../src/domain/scoring/judge/computeAgreement.js';
import { DEFAULT_RUBRIC, parseJudgeReply, renderJudgePrompt } from '../../../src/domain/scoring/judge/rubric.js';
import { hashUniform, sampleForJudge, type SampleInput } from '../../../src/domain/scoring/judge/sampleForJudge.js';

const ids = Array.from({ length: 4000 }, (_, i) => i.toString(16).padStart(32, '0'));
const plain = (traceId: string): SampleInput => ({ traceId, error: false, toolErrors: 0, negativeFeedback: false, contentFiltered: false, release: 'v1' });
const policy = { seed: 's1', baseRate: 0.1, oversampleRate: 0.5, oversampleReleases: new Set(['v2']) };

describe('sampleForJudge', () => {
  it('is deterministic: the same traces are chosen on every run', () => {
    const a = ids.map((id) => sampleForJudge(plain(id), policy).sampled);
    const b = ids.map((id) => sampleForJudge(plain(id), policy).sampled);
    expect(a).toEqual(b);
    expect(hashUniform(ids[0]!, 's1')).toBe(hashUniform(ids[0]!, 's1'));
    expect(hashUniform(ids[0]!, 's1')).not.toBe(hashUniform(ids[0]!, 's2'));
  });
  it('samples the base stratum at its rate', () => {
    const share = ids.filter((id) => sampleForJudge(plain(id), policy).sampled).length / ids.length;
    expect(share).toBeGreaterThan(0.08);
    expect(share).toBeLessThan(0.12);
  });
  it.each([
    { name: 'error', over: { error: true } },
    { name: 'tool error', over: { toolErrors: 1 } },
    { name: 'negative feedback', over: { negativeFeedback: true } },
    { name: 'content filtered', over: { contentFiltered: true } },
  ])('always samples traces with $name', ({ over }) => {
    for (const id of ids.slice(0, 200)) expect(sampleForJudge({ ...plain(id), ...over }, policy)).toMatchObject({ sampled: true, stratum: 'always' });
  });
  it('oversamples canary releases that need judged traces', () => {
    const share = ids.filter((id) => sampleForJudge({ ...plain(id), release: 'v2' }, policy).sampled).length / ids.length;
    expect(share).toBeGreaterThan(0.45);
    expect(share).toBeLessThan(0.55);
    expect(sampleForJudge({ ...plain(ids[1]!), release: 'v2' }, policy).stratum).toBe('canary');
  });
  it('the base sample is nested in the canary sample (same draw, higher rate)', () => {
    for (const id of ids.slice(0, 500)) if (sampleForJudge(plain(id), policy).sampled) expect(sampleForJudge({ ...plain(id), release: 'v2' }, policy).sampled).toBe(true);
  });
});

describe('parseJudgeReply', () => {
  it.each([
    { name: 'plain JSON', reply: '{"label": "good", "score": 4, "explanation": "correct"}', ok: true },
    { name: 'fenced JSON with prose', reply: 'Here you go:\n```json\n{"label": "bad", "score": 2}\n```', ok: true },
    { name: 'not JSON', reply: 'The answer is good.', ok: false },
    { name: 'broken JSON', reply: '{"label": "good",', ok: false },
    { name: 'label outside the scale', reply: '{"label": "excellent", "score": 5}', ok: false },
    { name: 'score outside the scale', reply: '{"label": "good", "score": 9}', ok: false },
    { name: 'label missing', reply: '{"score": 3}', ok: false },
  ])('$name', ({ reply, ok }) => {
    const r = parseJudgeReply(DEFAULT_RUBRIC, reply);
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.error).toMatch(/^malformed_reply/);
  });
  it('renders the template', () => {
    expect(renderJudgePrompt(DEFAULT_RUBRIC, { question: 'Q?', answer: 'A.', retrieved: null })).toContain('Reply: A.');
  });
});

describe('computeAgreement', () => {
  const pairs = (n: Array<[string, string, number]>) => n.flatMap(([h, j, k]) => Array.from({ length: k }, () => ({ human: h, judge: j })));
  it.each([
    { name: 'perfect agreement', p: pairs([['good', 'good', 30], ['bad', 'bad', 30]]), kappa: 1, calibrated: true },
    { name: 'chance agreement', p: pairs([['good', 'good', 15], ['good', 'bad', 15], ['bad', 'good', 15], ['bad', 'bad', 15]]), kappa: 0, calibrated: false },
    { name: 'good but too few labels', p: pairs([['good', 'good', 10], ['bad', 'bad', 10]]), kappa: 1, calibrated: false },
    // Textbook example: po = 0.7, pe = 0.5 -> kappa 0.4.
    { name: 'moderate', p: pairs([['good', 'good', 20], ['good', 'bad', 5], ['bad', 'good', 10], ['bad', 'bad', 15]]), kappa: 0.4, calibrated: false },
  ])('$name', ({ p, kappa, calibrated }) => {
    const a = computeAgreement(p, { minKappa: 0.6, minLabels: 50 });
    expect(a.kappa).toBeCloseTo(kappa, 6);
    expect(a.calibrated).toBe(calibrated);
    expect(a.n).toBe(p.length);
    if (a.kappaCi && kappa < 1) expect(a.kappaCi[0]).toBeLessThan(kappa);
  });
  it('confusion matrix rows are human labels', () => {
    const a = computeAgreement(pairs([['good', 'bad', 2], ['bad', 'bad', 1]]), { minKappa: 0.6, minLabels: 1 });
    expect(a.confusion).toEqual({ bad: { bad: 1, good: 0 }, good: { bad: 2, good: 0 } });
  });
});
