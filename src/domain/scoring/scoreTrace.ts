/** Runs every deterministic scorer on one trace (pure): action, tool errors, budgets, groundedness, format, PII. */
import { decideAction, toActionScore } from './scoreAction.js';
import type { ScorerConfig } from './scoringConfig.js';
import type { ScorerInput, TraceScoring } from './types.js';

/** A deterministic scorer: results plus the flags it raises. */
export type Scorer = (input: ScorerInput, config: ScorerConfig) => { score: import('./types.js').ScoreResult; flags: string[] };

/** Scorers besides action, in result order (filled by later scorers). */
export const DETERMINISTIC_SCORERS: Scorer[] = [];

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
