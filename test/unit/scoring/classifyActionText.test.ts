/**
 * The action text classifier on the labelled fixture (test/fixtures/actions): responses written in the
 * styles of OpenAI, Anthropic and Gemini models, open models and human support macros. TUNING data:
 * `tune.jsonl`, `tune-round1-heldout.jsonl`, `heldout.jsonl` (held out for action@1 only),
 * `tune-round2.jsonl` and `tune-round3.jsonl` (a blind set for action@2, 89.2% there, then tuned on).
 * HELD OUT: `heldout-blind.jsonl` (150 responses written by someone who never saw the classifier or the
 * other files; never used for tuning: do not tune on it, write a new blind set instead). Its accuracy
 * and confusion matrix are printed and guarded against regression (docs/scoring.md reports them).
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
const HELDOUT = 'heldout-blind.jsonl';
const TUNING = ['tune.jsonl', 'tune-round1-heldout.jsonl', 'heldout.jsonl', 'tune-round2.jsonl', 'tune-round3.jsonl'];
const tune = TUNING.flatMap(load);
const heldout = load(HELDOUT);
const evaluate = (rows: Labelled[]) => evaluateActions(rows.map((r) => ({ expected: r.action, predicted: classifyActionText(r.text, r.question ?? null).action })));

describe('action text classifier', () => {
  it('the fixture has at least 300 labelled responses in five styles, every action represented', () => {
    const all = [...new Set([...TUNING, HELDOUT])].flatMap(load);
    expect(all.length).toBeGreaterThanOrEqual(300);
    expect(new Set(all.map((r) => r.style))).toEqual(new Set(['openai', 'anthropic', 'gemini', 'open', 'macro']));
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const a of ['answer', 'abstain', 'clarify', 'refuse', 'escalate']) expect(heldout.filter((r) => r.action === a).length).toBeGreaterThanOrEqual(20);
  });

  it('tuning sets: >= 98% (what the patterns were written against)', () => {
    const e = evaluate(tune);
    expect(e.accuracy, renderConfusion(e)).toBeGreaterThanOrEqual(0.98);
  });

  it('held-out set: accuracy and confusion matrix (regression floor 90%)', () => {
    const e = evaluate(heldout);
    process.stdout.write(`\nheld-out action classifier (${heldout.length} responses)\n${renderConfusion(e)}\n`);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    { name: 'empty text', text: '', action: 'answer' },
    { name: 'contractions are normalized', text: "I'm unable to share other customers' details.", action: 'refuse' },
    { name: 'offer questions are not clarifications', text: 'Your order ships today. Is there anything else I can help you with?', action: 'answer' },
    { name: 'negated transfer is not an escalation', text: 'We are not able to transfer your account to another person under our terms.', action: 'refuse' },
    { name: 'lack of access is abstain, not refuse', text: "I can't help with that because I don't have access to your account records.", action: 'abstain' },
    { name: 'indirect hand-over: arranged call-back', text: "I'll have a supervisor contact you about this.", action: 'escalate' },
    { name: 'indirect hand-over: a team will follow up', text: 'Someone from our fraud team will reach out to you tomorrow.', action: 'escalate' },
    { name: 'indirect hand-over: perfect tense to a team', text: 'I have referred your complaint to our customer relations team.', action: 'escalate' },
    { name: 'a team named in an answer is not a hand-over', text: 'Our fraud team monitors unusual transactions automatically, so there is nothing you need to do.', action: 'answer' },
    { name: 'no record is abstain', text: 'Sorry, there is no record of an order under that email address.', action: 'abstain' },
    { name: 'silent sources are abstain', text: "The documents you provided don't mention the refund deadline.", action: 'abstain' },
    { name: 'a plan that lacks a feature is an answer', text: "Nope, the free tier doesn't include SSO. You'd need the Business plan.", action: 'answer' },
    { name: 'hedge then answer', text: "I can't browse live sites, but the usual cause of this error is a missing Access-Control-Allow-Origin header on the API server; add your origin to its CORS config.", action: 'answer' },
    { name: 'soft refusal on permission', text: 'We are not allowed to cancel an order on behalf of someone who is not the account holder.', action: 'refuse' },
    { name: 'how to open a ticket is an answer', text: 'You can open a support ticket from the Help menu; your invoice is attached to your account page.', action: 'answer' },
    { name: 'a rhetorical question is not a clarification', text: 'Great question. Do you know why the sky is blue? It is Rayleigh scattering: shorter wavelengths scatter more.', action: 'answer' },
    { name: 'hand-over beats the apology', text: "I'm sorry, I can't fix this myself, so I'm transferring you to a billing specialist.", action: 'escalate' },
  ] as const)('$name', ({ text, action }) => {
    expect(classifyActionText(text).action).toBe(action);
  });
});
