/** Runs every deterministic scorer on one trace (pure): action, tool errors, budgets, groundedness, format, PII. */
import { decideAction, toActionScore } from './scoreAction.js';
import type { ScorerConfig } from './scoringConfig.js';
import { scoreBudgets } from './scoreBudgets.js';
import { scoreFormat } from './scoreFormat.js';
import { scoreGroundedness } from './scoreGroundedness.js';
import { scorePii } from './scorePii.js';
import { scoreToolErrors } from './scoreToolErrors.js';
import type { ScoreResult, ScorerInput, TraceScoring } from './types.js';

/** A deterministic scorer: its result plus the flags it raises. */
export type Scorer = (input: ScorerInput, config: ScorerConfig) => { score: ScoreResult; flags: string[] };

/** Scorers besides action, in result order. */
export const DETERMINISTIC_SCORERS: readonly Scorer[] = [scoreToolErrors, scoreBudgets, scoreGroundedness, scoreFormat, scorePii];

/** Scores one trace. */
export function scoreTrace(input: ScorerInput, config: ScorerConfig): TraceScoring {
  const action = decideAction(input, config.escalationTools);
  const scores = [toActionScore(action)];
  const flags: string[] = [];
  for (const scorer of DETERMINISTIC_SCORERS) {
    const r = scorer(input, config);
    scores.push(r.score);
    for (const f of r.flags) if (!flags.includes(f)) flags.push(f);
  }
  return { action: action.action, actionSource: action.source, actionReason: action.reason, flags, scores };
}
