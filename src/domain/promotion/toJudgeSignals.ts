/** Failing LLM-judge verdicts as review signals (pure). */
import type { ScoreResult } from '../scoring/types.js';
import type { SignalInput } from './signals.js';

/** What decides pass/fail per rubric: its id and passing labels. */
export interface RubricPass {
  id: string;
  pass: readonly string[];
}

/**
 * One `judge` signal per judge score (`judge:RUBRIC` or `judge:RUBRIC:MODEL`) whose label is not a
 * passing label of its rubric; unknown rubrics raise nothing.
 */
export function toJudgeSignals(scores: readonly ScoreResult[], rubrics: readonly RubricPass[]): SignalInput[] {
  const out: SignalInput[] = [];
  for (const s of scores) {
    const [prefix, rubricId, ...model] = s.name.split(':');
    if (prefix !== 'judge' || !rubricId || s.label === null) continue;
    const rubric = rubrics.find((r) => r.id === rubricId);
    if (!rubric || rubric.pass.includes(s.label)) continue;
    const version = `${s.name}@${s.version}`;
    out.push({
      kind: 'judge',
      source: version,
      reason: `judge ${rubricId} says ${s.label}${s.reason ? `: ${s.reason}` : ''}`.slice(0, 10_000),
      strength: 0.7,
      details: { flag: `judge_${s.label}`, judgeVersion: version, rubric: rubricId, model: model.join(':') || null, label: s.label, score: s.value },
    });
  }
  return out;
}
