/** Accuracy and confusion matrix of action predictions against labels (pure). */
import { ACTIONS, type Action } from '../facts/types.js';

export interface ActionEvaluation {
  total: number;
  correct: number;
  accuracy: number;
  /** confusion[expected][predicted] = count. */
  confusion: Record<Action, Record<Action, number>>;
}

export function evaluateActions(pairs: ReadonlyArray<{ expected: Action; predicted: Action }>): ActionEvaluation {
  const confusion = Object.fromEntries(ACTIONS.map((a) => [a, Object.fromEntries(ACTIONS.map((b) => [b, 0]))])) as ActionEvaluation['confusion'];
  let correct = 0;
  for (const p of pairs) {
    confusion[p.expected][p.predicted]++;
    if (p.expected === p.predicted) correct++;
  }
  return { total: pairs.length, correct, accuracy: pairs.length ? correct / pairs.length : 0, confusion };
}

/** The matrix as a text table (rows expected, columns predicted). */
export function renderConfusion(e: ActionEvaluation): string {
  const head = `expected \\ predicted`.padEnd(22) + ACTIONS.map((a) => a.padStart(9)).join('');
  const rows = ACTIONS.map((a) => a.padEnd(22) + ACTIONS.map((b) => String(e.confusion[a][b]).padStart(9)).join(''));
  return [head, ...rows, `accuracy ${e.correct}/${e.total} = ${(e.accuracy * 100).toFixed(1)}%`].join('\n');
}
