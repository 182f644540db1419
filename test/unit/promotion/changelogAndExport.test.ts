import { describe, expect, it } from 'vitest';
import { CaseSchema, type Case } from '../../../src/domain/cases/CaseSchema.js';
import { computeChangelog } from '../../../src/domain/promotion/computeChangelog.js';
import { computeReviewPriority, toReviewSignal } from '../../../src/domain/promotion/signals.js';
import { LLM_EVAL_OPS_TAGS, toLlmEvalOpsCase } from '../../../src/domain/promotion/toLlmEvalOpsCase.js';
import { LLM_EVAL_OPS_ENUMS } from '../../../src/domain/cases/llmEvalOpsEnums.js';

const make = (id: string, over: Partial<Case> = {}): Case =>
  CaseSchema.parse({ id, input: { question: `q ${id}` }, expectedAction: 'answer', bucket: 'b', riskTier: 'low', evidenceRegime: 'retrieved', owner: 'o', provenance: { source: 'production' }, ...over });

describe('computeChangelog', () => {
  it('first version: everything added', () => {
    expect(computeChangelog(null, [make('b'), make('a')])).toEqual({ added: ['a', 'b'], changed: [], removed: [], unchanged: 0 });
  });
  it('added, changed (same id, other content), removed, unchanged', () => {
    const before = [make('keep'), make('edit'), make('gone')];
    const after = [make('keep'), make('edit', { riskTier: 'high' }), make('new')];
    expect(computeChangelog(before, after)).toEqual({ added: ['new'], changed: ['edit'], removed: ['gone'], unchanged: 1 });
  });
});

describe('review priority', () => {
  const at = new Date('2026-12-01T00:00:00Z');
  it.each([
    { name: 'one manual flag', signals: [{ kind: 'manual' as const }], want: 42 },
    { name: 'PII is high risk', signals: [{ kind: 'pii' as const }], want: 64 },
    { name: 'two independent signals add up', signals: [{ kind: 'pii' as const }, { kind: 'negative_feedback' as const, source: 'user:1' }], want: 72 },
    { name: 'the same source twice counts once', signals: [{ kind: 'manual' as const }, { kind: 'manual' as const }], want: 42 },
    { name: 'critical risk hint wins', signals: [{ kind: 'format' as const, riskHint: 'critical' as const }], want: 40 },
  ])('$name', ({ signals, want }) => {
    const s = signals.map((x, i) => toReviewSignal({ source: 'alice', reason: 'r', ...x }, `f${i}`, at));
    expect(computeReviewPriority(s)).toBe(want);
  });
});

describe('llm-eval-ops export', () => {
  it('maps into the closed sets only: escalate -> human_review, tags from the allowed list, provenance in label_notes', () => {
    const c = make('esc', {
      expectedAction: 'escalate',
      riskTier: 'critical',
      tags: ['from_human_review', 'unsupported_claim', 'policy-boundary-cases', 'retrieval_sensitive'],
      input: { messages: [{ role: 'user', content: 'first' }, { role: 'assistant', content: 'a' }, { role: 'user', content: 'second' }] },
      provenance: { source: 'production', traceId: 'abc', metadata: { reviewer: 'alice', approvedAt: '2026-12-01T00:00:00.000Z' } },
    });
    const out = toLlmEvalOpsCase(c, 'sha256:1');
    expect(out).toMatchObject({
      case_id: 'esc', question: 'second', expected_behavior: 'human_review', expected_should_refuse: false, risk_tier: 'critical',
      business_criticality: 'high', difficulty: 'medium', scenario: 'normal', case_kind: 'portable', supported_backends: ['mock', 'openai'],
      tags: ['unsupported_claim', 'policy_boundary_cases'],
    });
    expect(out.label_notes).toBe('source=production; trace=abc; reviewer=alice; approved=2026-12-01T00:00:00.000Z; dataset=sha256:1; tracegate_tier=trusted');
    for (const action of ['answer', 'abstain', 'clarify', 'refuse', 'escalate'] as const) {
      const o = toLlmEvalOpsCase(make(`c-${action}`, { expectedAction: action }), 'v');
      expect(LLM_EVAL_OPS_ENUMS.expectedBehavior).toContain(o.expected_behavior);
      for (const t of o.tags as string[]) expect(LLM_EVAL_OPS_TAGS).toContain(t);
    }
  });
});
