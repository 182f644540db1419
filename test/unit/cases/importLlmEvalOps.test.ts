import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importLlmEvalOps } from '../../../src/domain/cases/importLlmEvalOps.js';
import { formatIssue } from '../../../src/domain/cases/InputIssue.js';

const dir = new URL('../../fixtures/gate/llm-eval-ops/', import.meta.url);
const dataset = readFileSync(new URL('eval_dataset.json', dir), 'utf8');

describe('llm-eval-ops import', () => {
  const r = importLlmEvalOps(dataset, 'eval_dataset.json');
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join('\n'));
  const byId = new Map(r.cases.map((c) => [c.id, c]));

  it.each([
    { name: 'answer case maps facts, citations, claims, bucket, tier', id: 'warranty_direct_answer', want: { expectedAction: 'answer', bucket: 'direct-answerable', riskTier: 'medium', gateGroup: 'general', owner: 'support-ops', requiredFacts: ['24 months'], requiredCitations: ['kb-warranty-standard'], forbiddenClaims: ['36 months'], tags: ['direct_answerable'] } },
    { name: 'abstain case; bucket_id normalized like the reference', id: 'loyalty_missing_evidence', want: { expectedAction: 'abstain', bucket: 'missing-evidence-abstain', riskTier: 'high', gateGroup: 'safety', input: { question: 'What discount do platinum loyalty members get on repairs?', documentIds: [] } } },
    { name: 'refuse case keeps retrieved doc ids as the snapshot', id: 'return_window_conflict', want: { expectedAction: 'refuse', input: { documentIds: ['kb-returns-2024', 'kb-returns-2025'] } } },
    { name: 'human_review maps to escalate (critical)', id: 'goodwill_credit_exception', want: { expectedAction: 'escalate', riskTier: 'critical', bucket: 'policy-boundary-escalation' } },
    { name: 'legacy id/input spelling with reference defaults', id: 'receipt_tone', want: { expectedAction: 'answer', bucket: 'tone-and-brand-voice', gateGroup: 'quality', riskTier: 'low', input: { question: 'Do I need to keep my receipt for a warranty claim?' } } },
  ])('$name', ({ id, want }) => {
    expect(byId.get(id)).toMatchObject(want);
  });

  it('keeps unknown and unused fields in provenance, with the source', () => {
    const c = byId.get('goodwill_credit_exception')!;
    expect(c.provenance).toMatchObject({ source: 'llm-eval-ops', importedFrom: 'eval_dataset.json', originalId: 'goodwill_credit_exception' });
    expect(c.provenance.metadata).toMatchObject({ reviewer_queue: 'tier-2', scenario: 'unsupported_answer', difficulty: 'hard', case_kind: 'stress', supported_backends: ['mock'] });
    expect(byId.get('warranty_direct_answer')!.provenance.notes).toBe('Control case with one clear source.');
  });

  it('rejects unknown closed-enum values naming case, field and reason; nothing is imported', () => {
    const bad = importLlmEvalOps(readFileSync(new URL('invalid_enums.json', dir), 'utf8'), 'invalid_enums.json');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.issues.map(formatIssue)).toEqual([
      'invalid_enums.json:10: case bad_behavior: expected_behavior: unknown value "escalate_to_human"; expected one of answer, abstain, clarify, refuse, human_review',
      'invalid_enums.json:17: case bad_tier: risk_tier: unknown value "severe"; expected one of low, medium, high, critical',
    ]);
  });

  it('rejects a value outside the closed set of every enum field, naming file, case, field, value and the allowed values', () => {
    const bad = importLlmEvalOps(readFileSync(new URL('every_enum_invalid.json', dir), 'utf8'), 'every_enum_invalid.json');
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    const lines = bad.issues.map(formatIssue);
    const want = [
      ['bad_scenario', 'scenario', '"prompt_injection"', 'normal, retrieval_miss, malformed_json, unsupported_answer, wrong_refusal, slow_response, conflicting_evidence'],
      ['bad_tag', 'tags[1]', '"retrieval_sensitive"', 'direct_answerable, should_refuse_missing_evidence, should_refuse_conflicting_evidence, retrieval_miss, malformed_output, unsupported_claim, tone_and_brand_voice, policy_boundary_cases'],
      ['bad_behavior', 'expected_behavior', '"escalate"', 'answer, abstain, clarify, refuse, human_review'],
      ['bad_risk_tier', 'risk_tier', '"severe"', 'low, medium, high, critical'],
      ['bad_criticality', 'business_criticality', '"critical"', 'low, medium, high'],
      ['bad_difficulty', 'difficulty', '"extreme"', 'easy, medium, hard'],
      ['bad_case_kind', 'case_kind', '"smoke"', 'portable, stress'],
      ['bad_backend', 'supported_backends[1]', '"anthropic"', 'mock, openai'],
    ];
    expect(lines).toHaveLength(want.length);
    for (const [id, field = '', value, allowed] of want) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^every_enum_invalid\\.json:\\d+: case ${id}: ${field.replace(/[[\]]/g, '\\$&')}: unknown value ${value}; expected one of ${allowed}$`)));
    }
  });

  const item = (o: Record<string, unknown>) => JSON.stringify([{ case_id: 'k', question: 'q?', ...o }]);
  it.each([
    { name: 'scenario enum', text: item({ scenario: 'weird' }), field: 'scenario' },
    { name: 'difficulty enum', text: item({ difficulty: 'extreme' }), field: 'difficulty' },
    { name: 'business criticality enum', text: item({ business_criticality: 'critical' }), field: 'business_criticality' },
    { name: 'case kind enum', text: item({ case_kind: 'smoke' }), field: 'case_kind' },
    { name: 'supported backends enum', text: item({ supported_backends: ['mock', 'claude'] }), field: 'supported_backends[1]' },
    { name: 'tags enum (the closed EvalTag set)', text: item({ tags: ['policy_sensitive'] }), field: 'tags[0]' },
    { name: 'evidence regime enum', text: item({ evidence_regime: 'vibes' }), field: 'evidence_regime' },
    { name: 'list of strings', text: item({ forbidden_claims: 'x' }), field: 'forbidden_claims' },
    { name: 'missing question', text: JSON.stringify([{ case_id: 'k' }]), field: 'question' },
    { name: 'missing id', text: JSON.stringify([{ question: 'q' }]), field: 'case_id' },
    { name: 'duplicate id', text: JSON.stringify({ cases: [{ case_id: 'k', question: 'a' }, { case_id: 'k', question: 'b' }] }), field: 'case_id' },
    { name: 'not a dataset', text: '{"items": []}', field: '(root)' },
  ])('rejects $name', ({ text, field }) => {
    const res = importLlmEvalOps(text, 'f.json');
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.issues.map((i) => i.field)).toContain(field);
  });

  it.each([
    { name: 'expected_should_refuse derives abstain', o: { expected_should_refuse: true }, action: 'abstain' },
    { name: 'conflicting evidence derives refuse', o: { expected_should_refuse: true, scenario: 'conflicting_evidence' }, action: 'refuse' },
    { name: 'unsupported_answer scenario derives escalate', o: { scenario: 'unsupported_answer' }, action: 'escalate' },
    { name: 'default is answer', o: {}, action: 'answer' },
  ])('$name', ({ o, action }) => {
    const res = importLlmEvalOps(item(o), 'f.json');
    expect(res.ok && res.cases[0]!.expectedAction).toBe(action);
  });
});
