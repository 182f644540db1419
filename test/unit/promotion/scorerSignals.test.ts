import { describe, expect, it } from 'vitest';
import { toScorerSignals } from '../../../src/domain/promotion/toScorerSignals.js';
import type { TraceScoring } from '../../../src/domain/scoring/types.js';

const scoring = (flags: string[]): TraceScoring => ({
  action: 'answer', actionSource: 'attribute', actionReason: null, flags,
  scores: [
    { name: 'groundedness', version: 1, value: 0, label: 'unsupported_claim', reason: 'amount 4,218.37 not in retrieved text' },
    { name: 'pii', version: 1, value: 1, label: 'pii', reason: 'email' },
    { name: 'tool_errors', version: 1, value: 1, label: 'tool_error', reason: 'lookup_order failed' },
    { name: 'format', version: 1, value: 0, label: 'format_invalid', reason: 'not JSON' },
  ],
});

describe('scorer results as review signals', () => {
  it.each([
    { flags: ['unsupported_claim'], want: [{ kind: 'unsupported_claim', source: 'scorer:groundedness@1', reason: 'unsupported_claim: amount 4,218.37 not in retrieved text' }] },
    { flags: ['pii_email', 'pii_card'], want: [{ kind: 'pii', source: 'scorer:pii@1', strength: 0.8 }, { kind: 'pii', source: 'scorer:pii@1', strength: 0.9 }] },
    { flags: ['tool_error'], want: [{ kind: 'tool_error', source: 'scorer:tool_errors@1' }] },
    { flags: ['format_invalid'], want: [{ kind: 'format', source: 'scorer:format@1' }] },
    { flags: ['over_latency_budget', 'over_cost_budget'], want: [] },
  ])('$flags', ({ flags, want }) => {
    const got = toScorerSignals(scoring(flags));
    expect(got).toEqual(want.map((w) => expect.objectContaining(w)));
    for (const s of got) expect(s.details).toMatchObject({ flag: expect.any(String), scorerVersion: expect.stringMatching(/@1$/) });
  });
});
