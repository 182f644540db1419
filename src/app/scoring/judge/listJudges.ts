/** Every judge version (model, rubric@version) with its agreement with human labels and `calibrated`. */
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

export async function listJudges(store: JudgeStore, calibration: { minKappa: number; minLabels: number }): Promise<JudgeVersionView[]> {
  const rows = await store.agreementRows();
  return (await store.judgeVersions()).map((v) => {
    const pairs = rows.filter((r) => r.model === v.model && r.rubricId === v.rubricId && r.rubricVersion === v.rubricVersion);
    const { n, ...agreement } = computeAgreement(pairs, calibration);
    return { model: v.model, rubric: v.rubricId, rubricVersion: v.rubricVersion, calls: v.calls, errors: v.errors, costUsd: v.costUsd, labels: n, ...agreement, ...calibration };
  });
}
