/**
 * The action text classifier on the labelled fixture (test/fixtures/actions): responses written in the
 * styles of OpenAI, Anthropic and Gemini models, open models and human support macros. `tune*.jsonl`
 * were used while writing the patterns; `heldout.jsonl` never was: its accuracy and confusion matrix are
 * printed and guarded against regression here (docs/scoring.md reports the figures).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyActionText } from '../../../src/domain/scoring/classifyActionText.js';
import { evaluateActions, renderConfusion } from '../../../src/domain/scoring/evaluateActions.js';
import type { Action } from '../../../src/domain/facts/types.js';

interface Labelled { id: string; action: Action; style: string; text: string; question?: string }
const DIR = join(import.meta.dirname, '../../fixtures/actions');
const load = (file: string): Labelled[] => readFileSync(join(DIR, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Labelled);
const tune = [...load('tune.jsonl'), ...load('tune-round1-heldout.jsonl')];
const heldout = load('heldout.jsonl');
const evaluate = (rows: Labelled[]) => evaluateActions(rows.map((r) => ({ expected: r.action, predicted: classifyActionText(r.text, r.question ?? null).action })));

describe('action text classifier', () => {
  it('the fixture has at least 300 labelled responses in five styles, every action represented', () => {
    const all = [...tune, ...heldout];
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((r) => r.style))).toEqual(new Set(['openai', 'anthropic', 'gemini', 'open', 'macro']));
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const a of ['answer', 'abstain', 'clarify', 'refuse', 'escalate']) expect(heldout.filter((r) => r.action === a).length).toBeGreaterThanOrEqual(20);
  });

  it('tuning set: >= 98% (what the patterns were written against)', () => {
    const e = evaluate(tune);
    expect(e.accuracy, renderConfusion(e)).toBeGreaterThanOrEqual(0.98);
  });

  it('held-out set: accuracy and confusion matrix (regression floor 85%)', () => {
    const e = evaluate(heldout);
    process.stdout.write(`\nheld-out action classifier (${heldout.length} responses)\n${renderConfusion(e)}\n`);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.85);
  });

  it.each([
    { name: 'empty text', text: '', action: 'answer' },
    { name: 'contractions are normalized', text: "I'm unable to share other customers' details.", action: 'refuse' },
    { name: 'offer questions are not clarifications', text: 'Your order ships today. Is there anything else I can help you with?', action: 'answer' },
    { name: 'negated transfer is not an escalation', text: 'We are not able to transfer your account to another person under our terms.', action: 'refuse' },
    { name: 'lack of access is abstain, not refuse', text: "I can't help with that because I don't have access to your account records.", action: 'abstain' },
    { name: 'hand-over beats the apology', text: "I'm sorry, I can't fix this myself, so I'm transferring you to a billing specialist.", action: 'escalate' },
  ] as const)('$name', ({ text, action }) => {
    expect(classifyActionText(text).action).toBe(action);
  });
});
