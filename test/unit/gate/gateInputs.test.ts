import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../src/domain/cases/InputIssue.js';
import { checkOutputCoverage } from '../../../src/domain/gate/checkOutputCoverage.js';
import { inferMissingAction, type ActionClassifier } from '../../../src/domain/gate/inferMissingAction.js';
import { parseOutputs } from '../../../src/domain/gate/parseOutputs.js';
import { mkCase, mkOut } from './builders.js';

describe('outputs that miss the dataset cases (exit 2)', () => {
  const cases = ['a', 'b', 'c', 'd'].map((id) => mkCase({ id }));
  const records = (ids: string[]) => new Map(ids.map((id) => [id, mkOut({ case_id: id })]));
  it.each([
    { name: 'every case covered', ids: ['a', 'b', 'c', 'd'], bad: false },
    { name: 'half missing is still gated (skipped cases)', ids: ['a', 'b'], bad: false },
    { name: 'more than half missing is bad input', ids: ['a', 'x', 'y'], bad: true },
    { name: 'no shared id at all', ids: ['x', 'y', 'z'], bad: true },
  ])('$name', ({ ids, bad }) => {
    const issue = checkOutputCoverage(cases, records(ids), 'candidate', 'k.jsonl');
    expect(issue !== null).toBe(bad);
  });

  it('names the side, the file and the missing ids', () => {
    const issue = checkOutputCoverage(cases, records(['a']), 'baseline', 'b.jsonl')!;
    expect(formatIssue(issue)).toBe("b.jsonl: case_id: baseline outputs have no record for 3 of the dataset's 4 cases (1 matched; wrong file or dataset?); missing: b, c, d");
  });

  it('lists at most 20 ids and counts the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => mkCase({ id: `c${i}` }));
    expect(checkOutputCoverage(many, new Map(), 'candidate', 'k.jsonl')!.message).toMatch(/missing: c0, c1, .*c19, \.\.\. \(10 more\)$/);
  });
});

describe('records without action: inferred by the action classifier, marked', () => {
  const fixed: ActionClassifier = () => ({ action: 'abstain', version: 'action@9' });
  it('fills the action and records the classifier version', () => {
    const r = inferMissingAction(mkOut({ action: undefined, answer: 'x' }), fixed);
    expect(r).toMatchObject({ action: 'abstain', action_inferred_by: 'action@9' });
  });

  it('leaves reported actions and errored records alone', () => {
    const reported = mkOut({ action: 'answer' });
    expect(inferMissingAction(reported, fixed)).toBe(reported);
    const errored = mkOut({ action: null, error: 'HTTP 500' });
    expect(inferMissingAction(errored, fixed)).toBe(errored);
  });

  it.each([
    { name: 'an abstention', answer: "I'm sorry, I don't have information about that in our help center.", want: 'abstain' },
    { name: 'an answer', answer: 'Refunds are possible within 30 days of delivery.', want: 'answer' },
    { name: 'an escalation tool call', answer: '', tools: ['escalate_to_human'], want: 'escalate' },
  ])('the shipped classifier (action@4) infers $name', ({ answer, tools, want }) => {
    const r = inferMissingAction(mkOut({ action: undefined, answer, tool_calls: (tools ?? []).map((name) => ({ name })) }));
    expect(r).toMatchObject({ action: want, action_inferred_by: 'action@4' });
  });

  it('parseOutputs infers missing actions; with nothing to classify the record is rejected', () => {
    const text = '{"case_id":"a","answer":"I cannot find anything about that, sorry. I don\'t have information on it."}\n{"case_id":"b","action":"answer","answer":"ok"}\n';
    const parsed = parseOutputs(text, 'o.jsonl');
    expect(parsed.ok && parsed.records.get('a')).toMatchObject({ action: 'abstain', action_inferred_by: 'action@4' });
    expect(parsed.ok && parsed.records.get('b')!.action_inferred_by).toBeUndefined();
    const empty = parseOutputs('{"case_id":"a","answer":""}\n', 'o.jsonl');
    expect(empty.ok ? [] : empty.issues.map(formatIssue)).toEqual(['o.jsonl:1: case a: action: action is required unless error is set']);
    const none = parseOutputs('{"case_id":"a","answer":"x"}\n', 'o.jsonl', null);
    expect(none.ok).toBe(false);
  });
});
