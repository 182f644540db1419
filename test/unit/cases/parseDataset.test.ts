import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaseSchema } from '../../../src/domain/cases/CaseSchema.js';
import { formatIssue } from '../../../src/domain/cases/InputIssue.js';
import { parseDataset } from '../../../src/domain/cases/parseDataset.js';
import { toDatasetLine } from '../../../src/domain/cases/toDatasetLine.js';

const fixture = readFileSync(new URL('../../fixtures/gate/dataset.jsonl', import.meta.url), 'utf8');
const line = (o: Record<string, unknown>) =>
  JSON.stringify({ id: 'x', input: { question: 'q?' }, expectedAction: 'answer', bucket: 'b', riskTier: 'low', evidenceRegime: 'parametric', owner: 'o', provenance: { source: 't' }, ...o });

describe('parseDataset', () => {
  it('parses the fixture and pins the sha256 of its bytes', () => {
    const r = parseDataset(fixture, 'dataset.jsonl');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dataset.cases).toHaveLength(9);
    expect(r.dataset.version).toBe(`sha256:${createHash('sha256').update(fixture).digest('hex')}`);
    expect(r.dataset.cases.find((c) => c.id === 'brand-greeting')!.tier).toBe('monitoring');
  });

  it.each([
    { name: 'invalid JSON names the line', text: `${line({})}\n{oops`, want: 'd.jsonl:2: (line): invalid JSON' },
    { name: 'unknown expected action names case and field', text: line({ expectedAction: 'comply' }), want: 'd.jsonl:1: case x: expectedAction:' },
    { name: 'unknown risk tier', text: `\n${line({ riskTier: 'severe' })}`, want: 'd.jsonl:2: case x: riskTier:' },
    { name: 'typo field is an unknown field', text: line({ expectedActoin: 'answer' }), want: 'd.jsonl:1: case x: expectedActoin: unknown field' },
    { name: 'missing owner', text: line({ owner: undefined }), want: 'd.jsonl:1: case x: owner:' },
    { name: 'input without question or messages', text: line({ input: { system: 's' } }), want: 'd.jsonl:1: case x: input: input needs a non-empty question' },
    { name: 'nested field path', text: line({ input: { question: 'q', documents: [{ text: 't' }] } }), want: 'case x: input.documents[0].id:' },
    { name: 'duplicate id names the first line', text: `${line({})}\n${line({})}`, want: 'd.jsonl:2: case x: id: duplicate case id (first on line 1)' },
    { name: 'empty file', text: '\n\n', want: 'd.jsonl: (file): dataset has no cases' },
  ])('$name', ({ text, want }) => {
    const r = parseDataset(text, 'd.jsonl');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map(formatIssue).join('\n')).toContain(want);
  });

  it('toDatasetLine round-trips every fixture case and fills defaults', () => {
    const r = parseDataset(fixture, 'd');
    if (!r.ok) throw new Error('fixture invalid');
    for (const c of r.dataset.cases) expect(CaseSchema.parse(JSON.parse(toDatasetLine(c)))).toEqual(c);
    const minimal = JSON.parse(toDatasetLine({ id: 'm', input: { question: 'q' }, expectedAction: 'refuse', bucket: 'b', riskTier: 'high', evidenceRegime: 'retrieved', owner: 'o', provenance: { source: 'promotion', traceId: 'abc' } }));
    expect(minimal).toMatchObject({ tier: 'trusted', tags: [], gateGroup: 'general', requiredFacts: [], provenance: { traceId: 'abc' } });
    expect(() => toDatasetLine({ ...minimal, riskTier: 'extreme' })).toThrow();
  });
});
