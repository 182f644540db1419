/**
 * The onJudged hook that feeds canary arms a calibrated judge's score: per project, only judge versions
 * calibrated against that project's human labels count (an uncalibrated judge never feeds a gating metric).
 * Scores join the release cohorts (service.version) of the trace's windows.
 */
import { toTraceObservation } from '../../domain/canary/toTraceObservation.js';
import { calibratedJudgeScore, judgeVersionKey } from '../../domain/scoring/judge/calibratedJudgeScore.js';
import type { JudgedHook, JudgedTrace } from '../scoring/judge/judgeTraces.js';
import type { JudgeStore } from '../scoring/judge/judgePorts.js';
import { listJudges } from '../scoring/judge/listJudges.js';
import type { CanaryStorePort } from './canaryPorts.js';
import { recordJudgeScores, toWindowedTrace } from './cohortWindows.js';

export function judgeWindowsHook(canary: CanaryStorePort, judge: JudgeStore, calibration: { minKappa: number; minLabels: number }, clock: () => number = Date.now): JudgedHook {
  return async (judged: readonly JudgedTrace[]) => {
    const byProject = new Map<string, JudgedTrace[]>();
    for (const j of judged) {
      const list = byProject.get(j.candidate.projectId);
      if (list) list.push(j);
      else byProject.set(j.candidate.projectId, [j]);
    }
    for (const [projectId, list] of byProject) {
      const calibrated = new Set((await listJudges(judge, projectId, calibration)).filter((v) => v.calibrated).map((v) => judgeVersionKey(v.model, v.rubric, v.rubricVersion)));
      if (calibrated.size === 0) continue;
      const windowed = list.flatMap((j) => {
        const judgeScore = calibratedJudgeScore(j.calls, calibrated);
        return judgeScore === null ? [] : [toWindowedTrace(j.facts, toTraceObservation(j.facts, null, { judgeScore }))];
      });
      if (windowed.length > 0) await recordJudgeScores(canary, projectId, windowed, clock());
    }
  };
}
