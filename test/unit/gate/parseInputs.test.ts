import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/domain/cases/InputIssue.js';
import { parseGatePolicy } from '../../../src/domain/gate/parseGatePolicy.js';
import { parseOutputs } from '../../../src/domain/gate/parseOutputs.js';
import { parseRiskAcceptance } from '../../../src/domain/gate/parseRiskAcceptance.js';

const rec = (o: Record<string, unknown>) => JSON.stringify({ case_id: 'a', action: 'answer', answer: 'x', ...o });

describe('parseOutputs', () => {
  it('fills defaults and keys records by case id', () => {
    const r = parseOutputs(`${JSON.stringify({ case_id: 'a', action: 'abstain' })}\n\n${rec({ case_id: 'b', error: null })}\n`, 'o.jsonl');
    expect(r.ok && [...r.records.keys()]).toEqual(['a', 'b']);
    expect(r.ok && r.records.get('a')).toMatchObject({ answer: '', citations: [], tool_calls: [], latency_ms: null, schema_valid: true });
  });
  it.each([
    { name: 'unknown action', text: rec({ action: 'comply' }), want: 'o.jsonl:1: case a: action:' },
    { name: 'action missing without error and no answer to classify', text: rec({ action: undefined, answer: '' }), want: 'o.jsonl:1: case a: action: action is required unless error is set' },
    { name: 'negative latency', text: `\n${rec({ latency_ms: -1 })}`, want: 'o.jsonl:2: case a: latency_ms:' },
    { name: 'tool call without name', text: rec({ tool_calls: [{ arguments: {} }] }), want: 'o.jsonl:1: case a: tool_calls[0].name:' },
    { name: 'citations not a list', text: rec({ citations: 'kb-1' }), want: 'o.jsonl:1: case a: citations:' },
    { name: 'duplicate case', text: `${rec({})}\n${rec({})}`, want: 'o.jsonl:2: case a: case_id: duplicate record for this case (first on line 1)' },
    { name: 'broken JSON', text: '{"case_id": ', want: 'o.jsonl:1: (line): invalid JSON' },
  ])('$name', ({ text, want }) => {
    const r = parseOutputs(text, 'o.jsonl');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map(formatIssue).join('\n')).toContain(want);
  });
});

describe('parseGatePolicy', () => {
  it('an empty file is all defaults', () => {
    const r = parseGatePolicy('', 'p.yaml');
    expect(r.ok && r.policy).toMatchObject({ version: 'tracegate-gate-policy:default', latency: { enforcement: 'advisory' }, mcnemar: { alpha: 0.05 } });
    expect(r.ok && r.policy.hardFailRules.map((x) => x.id)).toEqual(['critical_any_blocker', 'high_risk_unsupported_claim', 'answer_when_abstain_expected']);
  });
  it.each([
    { name: 'rate above one', text: 'version: v2\ndefaults:\n  minBucketPassRate: 1.5\n', want: 'p.yaml:3: defaults.minBucketPassRate: expected a rate' },
    { name: 'unknown blocker', text: 'buckets:\n  b1:\n    blockingBlockers: [made_up]\n', want: 'p.yaml:3: buckets.b1.blockingBlockers[0]:' },
    { name: 'unknown risk tier key', text: 'riskTiers:\n  severe:\n    maxNewFailures: 0\n', want: 'riskTiers.severe' },
    { name: 'typo key', text: 'defaults:\n  minCaseScor: 0.5\n', want: 'p.yaml:2: defaults.minCaseScor: unknown field' },
    { name: 'bad enforcement', text: 'latency:\n  max: 100\n  enforcement: strict\n', want: 'p.yaml:3: latency.enforcement:' },
    { name: 'YAML syntax error', text: 'defaults: [\n', want: 'p.yaml' },
  ])('$name', ({ text, want }) => {
    const r = parseGatePolicy(text, 'p.yaml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map(formatIssue).join('\n')).toContain(want);
  });
});

describe('parseRiskAcceptance', () => {
  it.each([
    { name: 'case and blocker', v: 'case-1:unsafe_compliance', owner: 'ana', reason: 'r', ok: true },
    { name: 'star', v: 'case-1:*', owner: 'ana', reason: 'r', ok: true },
    { name: 'unknown blocker', v: 'case-1:oops', owner: 'ana', reason: 'r', ok: false },
    { name: 'no colon', v: 'case-1', owner: 'ana', reason: 'r', ok: false },
    { name: 'no owner', v: 'case-1:*', owner: undefined, reason: 'r', ok: false },
    { name: 'no reason', v: 'case-1:*', owner: 'ana', reason: ' ', ok: false },
  ])('$name', ({ v, owner, reason, ok }) => {
    expect(parseRiskAcceptance(v, owner, reason).ok).toBe(ok);
  });
});
