/**
 * The judge score a canary arm sees for one trace: the mean of its calibrated judges' scores, each mapped
 * from its rubric's scale onto 0..1 (higher is better). Uncalibrated judges never count: their scores are
 * shown on the trace but must not feed a gating metric. Null when no calibrated judge scored the trace.
 */
export interface JudgeCallScore {
  model: string;
  rubricId: string;
  rubricVersion: number;
  score: number;
  scale: { min: number; max: number };
}

/** The key a calibrated judge version is known by. */
export const judgeVersionKey = (model: string, rubricId: string, rubricVersion: number): string => JSON.stringify([model, rubricId, rubricVersion]);

export function calibratedJudgeScore(calls: readonly JudgeCallScore[], calibrated: ReadonlySet<string>): number | null {
  const values = calls
    .filter((c) => calibrated.has(judgeVersionKey(c.model, c.rubricId, c.rubricVersion)) && c.scale.max > c.scale.min)
    .map((c) => Math.min(1, Math.max(0, (c.score - c.scale.min) / (c.scale.max - c.scale.min))));
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}
