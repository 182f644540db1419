/**
 * The action text classifier (`action@4`) on the labelled fixture (test/fixtures/actions): responses
 * written in the styles of OpenAI, Anthropic and Gemini models, open models and human support macros,
 * by several authors. Every set trains the model except the committed test split (`test-split.ids`, a
 * seeded 15% of each set, chosen by scripts/actionData.ts), on which the shipped classifier must stay
 * above its floor. Retraining with the committed options must reproduce the committed weights exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_MODEL_WEIGHTS } from '../../../src/domain/scoring/actionModelWeights.js';
import { toActionFeatureKeys, toActionFeatures, toFeatureKey } from '../../../src/domain/scoring/actionFeatures.js';
import { loadActionModel, predictAction } from '../../../src/domain/scoring/actionModel.js';
import { DEFAULT_TRAINING, trainActionModel } from '../../../src/domain/scoring/actionModelTraining.js';
import { classifyActionText } from '../../../src/domain/scoring/classifyActionText.js';
import { evaluateActions, renderConfusion } from '../../../src/domain/scoring/evaluateActions.js';
import { inTestSplit, loadTrainingSets, TEST_SPLIT_FILE, type LabelledResponse } from '../../../scripts/actionData.js';

const all = loadTrainingSets();
const testIds = new Set(readFileSync(TEST_SPLIT_FILE, 'utf8').split('\n').filter(Boolean));
const testSplit = all.filter((r) => testIds.has(r.id));
const trainSplit = all.filter((r) => !testIds.has(r.id));
const evaluate = (rows: LabelledResponse[]) => evaluateActions(rows.map((r) => ({ expected: r.action, predicted: classifyActionText(r.text, r.question).action })));

describe('action text classifier', () => {
  it('the fixture has at least 300 labelled responses in the five styles (and finer ones), unique ids, every action in the test split', () => {
    expect(all.length).toBeGreaterThanOrEqual(300);
    const styles = new Set(all.map((r) => r.style));
    for (const s of ['openai', 'anthropic', 'gemini', 'open', 'macro']) expect(styles.has(s), s).toBe(true);
    expect(styles.has(null)).toBe(false);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const a of ['answer', 'abstain', 'clarify', 'refuse', 'escalate']) expect(testSplit.filter((r) => r.action === a).length).toBeGreaterThanOrEqual(20);
  });

  it('the committed test split is the seeded split, and every id in it exists', () => {
    expect(testSplit.length).toBe(testIds.size);
    expect(all.filter((r) => inTestSplit(r.id)).map((r) => r.id)).toEqual(testSplit.map((r) => r.id));
  });

  it('test split (kept out of training): accuracy floor 95%', () => {
    const e = evaluate(testSplit);
    process.stdout.write(`\naction classifier on the test split (${testSplit.length} responses)\n${renderConfusion(e)}\n`);
    expect(e.accuracy, renderConfusion(e)).toBeGreaterThanOrEqual(0.95);
  });

  it('held-out blind set (heldout-final.jsonl, never trained or tuned on): accuracy >= 95%', () => {
    const rows = readFileSync(new URL('../../fixtures/actions/heldout-final.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as LabelledResponse);
    expect(rows).toHaveLength(300);
    const trained = new Set(all.map((r) => r.text));
    expect(rows.filter((r) => trained.has(r.text))).toEqual([]);
    const e = evaluate(rows);
    process.stdout.write(`\naction classifier on the held-out blind set (${rows.length} responses)\n${renderConfusion(e)}\n`);
    expect(e.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('test split, the trained model alone (without the rules): accuracy floor 93%', () => {
    const model = loadActionModel(ACTION_MODEL_WEIGHTS);
    const e = evaluateActions(testSplit.map((r) => ({ expected: r.action, predicted: predictAction(model, toActionFeatureKeys(r.text, r.question)).action })));
    expect(e.accuracy, renderConfusion(e)).toBeGreaterThanOrEqual(0.93);
  });

  it('training split: >= 98%', () => {
    const e = evaluate(trainSplit);
    expect(e.accuracy, renderConfusion(e)).toBeGreaterThanOrEqual(0.98);
  });

  it('inference keys are the keys of the training feature names, for every labelled response', () => {
    for (const r of all) expect(toActionFeatureKeys(r.text, r.question), r.id).toEqual(toActionFeatures(r.text, r.question).map(toFeatureKey));
  });

  it('retraining on the training split reproduces the committed weights (deterministic, test split excluded)', () => {
    const examples = trainSplit.map((r) => ({ action: r.action, features: toActionFeatures(r.text, r.question) }));
    expect(trainActionModel(examples, DEFAULT_TRAINING)).toEqual(ACTION_MODEL_WEIGHTS);
  }, 120_000);

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
    { name: 'a rhetorical question is not a clarification', text: 'Great question. Do you know why the sky is blue? It is Rayleigh scattering: shorter wavelengths scatter more.', action: 'answer' },
    { name: 'hedge then answer', text: "I can't browse live sites, but the usual cause of this error is a missing Access-Control-Allow-Origin header on the API server; add your origin to its CORS config.", action: 'answer' },
    { name: 'soft refusal on permission', text: 'We are not allowed to cancel an order on behalf of someone who is not the account holder.', action: 'refuse' },
    { name: 'how to open a ticket is an answer', text: 'You can open a support ticket from the Help menu; your invoice is attached to your account page.', action: 'answer' },
    { name: 'hand-over beats the apology', text: "I'm sorry, I can't fix this myself, so I'm transferring you to a billing specialist.", action: 'escalate' },
    { name: 'a business rule is a refusal', text: 'Unfortunately, gift cards are final sale and we are unable to refund them.', action: 'refuse' },
    { name: 'an either/or question is a clarification', text: 'Should I keep the tone formal, or is a casual note fine for your team?', action: 'clarify' },
  ] as const)('$name', ({ text, action }) => {
    expect(classifyActionText(text).action).toBe(action);
  });

  it('the user\'s question counts: a rule stated after a request declines it, after a question about the rule answers it', () => {
    const reply = 'Parental leave is available after 6 months of employment. You joined 4 months ago.';
    expect(classifyActionText(reply, 'I want to start parental leave next week').action).toBe('refuse');
    expect(classifyActionText(reply, 'when do I become eligible for parental leave?').action).toBe('answer');
    const model = loadActionModel(ACTION_MODEL_WEIGHTS);
    const pAnswer = (text: string, question: string) => predictAction(model, toActionFeatureKeys(text, question)).probabilities[0]!;
    for (const [text, request, ask] of [
      ['Same-day delivery is only available for orders placed before 1 PM. Later orders ship the next morning.', 'deliver my order today please, I ordered at 3pm', 'when do I have to order for same-day delivery?'],
      ['Rebooking is free only on flexible fares; your saver fare carries a $75 change fee.', 'move me to the earlier flight for free', 'how much does it cost to change a saver fare?'],
    ] as const) expect(pAnswer(text, request), text).toBeLessThan(pAnswer(text, ask) - 0.2);
  });

  it('explains a model decision with its probability and heaviest features', () => {
    expect(classifyActionText('I am transferring you to a live agent now.').reason).toMatch(/^escalate:/);
  });
});
