/**
 * Every judge version (model, rubric@version) that judged the project's traces, with its agreement with the
 * project's human labels and `calibrated`: calibration is per project, as labels are.
 */
import { computeAgreement, type Agreement } from '../../../domain/scoring/judge/computeAgreement.js';
import type { JudgeStore } from './judgePorts.js';

export interface JudgeVersionView extends Omit<Agreement, 'n'> {
  model: string;
  rubric: string;
  rubricVersion: number;
  calls: number;
  errors: number;
  costUsd: number;
  labels: number;
  minKappa: number;
  minLabels: number;
}

export async function listJudges(store: JudgeStore, projectId: string, calibration: { minKappa: number; minLabels: number }): Promise<JudgeVersionView[]> {
  const rows = await store.agreementRows(projectId);
  return (await store.judgeVersions(projectId)).map((v) => {
    const pairs = rows.filter((r) => r.model === v.model && r.rubricId === v.rubricId && r.rubricVersion === v.rubricVersion);
    const { n, ...agreement } = computeAgreement(pairs, calibration);
    return { model: v.model, rubric: v.rubricId, rubricVersion: v.rubricVersion, calls: v.calls, errors: v.errors, costUsd: v.costUsd, labels: n, ...agreement, ...calibration };
  });
}
