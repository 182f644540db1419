/**
 * The text classifier of `action@N`: answer / abstain / clarify / refuse / escalate from the final
 * assistant output (and the user's question). Two halves: a logistic regression trained on the
 * labelled fixture (actionModel.ts, weights in actionModelWeights.ts) decides when it is confident;
 * otherwise the phrase rules (actionRules.ts) decide when they see a non-answer, and when they do not
 * the model's guess stands if it is likely enough (else: answer). Pure and deterministic.
 */
import { toActionFeatureKeys } from './actionFeatures.js';
import { loadActionModel, predictAction, type ActionPrediction } from './actionModel.js';
import { ACTION_MODEL_WEIGHTS } from './actionModelWeights.js';
import { classifyActionRules, normalizeResponseText, type TextActionDecision } from './actionRules.js';

export { normalizeResponseText, type TextActionDecision };

/** How the two halves combine: the model's probability from which it decides alone, and below which its guess yields to `answer`. */
export interface ActionCombination {
  modelConfident: number;
  modelGuess: number;
}

/** Chosen by leave-one-set-out cross-validation on the sets the rules never saw (scripts/train-action-model.ts, docs/scoring.md). */
export const ACTION_COMBINATION: ActionCombination = { modelConfident: 0.9, modelGuess: 0.5 };

const MODEL = loadActionModel(ACTION_MODEL_WEIGHTS);

/** The model's decision as a reason: `refuse:model_p93(not able,policy)` (probability in percent, the heaviest features). */
function modelDecision(m: ActionPrediction): TextActionDecision {
  const evidence = m.evidence.map((f) => f.replace(/^\^/, '').replace(/<s> /, '').replace(/^#/, '')).join(',');
  return { action: m.action, reason: `${m.action}:model_p${Math.floor(m.probability * 100)}${evidence ? `(${evidence})` : ''}` };
}

/**
 * The decision from both halves: a confident model decides; else a rule non-answer; else the model's
 * guess when it is likely enough; else the rules' answer. `rules` is called only when needed (they
 * cost more than the model).
 */
export function combineActionDecisions(model: ActionPrediction, rules: () => TextActionDecision, policy: ActionCombination = ACTION_COMBINATION): TextActionDecision {
  if (model.probability >= policy.modelConfident) return modelDecision(model);
  const r = rules();
  if (r.action !== 'answer') return r;
  return model.probability >= policy.modelGuess ? modelDecision(model) : r;
}

/** Classifies one response. Empty text is `answer:empty_text` (callers skip it: no content, no decision). */
export function classifyActionText(rawText: string, question: string | null = null): TextActionDecision {
  if (rawText.trim() === '') return { action: 'answer', reason: 'answer:empty_text' };
  const model = predictAction(MODEL, toActionFeatureKeys(rawText, question));
  return combineActionDecisions(model, () => classifyActionRules(normalizeResponseText(rawText), rawText, question));
}
