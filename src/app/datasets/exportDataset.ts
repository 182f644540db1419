/** `exportDataset`: a stored dataset version as native JSONL (its exact bytes) or llm-eval-ops JSON. */
import { AppError } from '../AppError.js';
import { toLlmEvalOpsExport } from '../../domain/promotion/toLlmEvalOpsCase.js';
import { findUnredacted } from '../../domain/promotion/redactText.js';
import type { ReviewDeps } from '../review/ReviewDeps.js';
import { casesOfVersion, loadDataset } from './publishDataset.js';

/** Export formats. */
export const EXPORT_FORMATS = ['native', 'llm-eval-ops'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The exported text and the version it came from. */
export async function exportDataset(
  deps: Pick<ReviewDeps, 'promotion' | 'redactionRules'>,
  input: { projectId: string; version: string; format: ExportFormat },
): Promise<{ version: string; text: string; caseCount: number }> {
  const record = await loadDataset(deps, input.projectId, input.version);
  const cases = casesOfVersion(record);
  const text = input.format === 'native' ? record.content : JSON.stringify(toLlmEvalOpsExport(cases, record.version), null, 2) + '\n';
  const leaked = findUnredacted(text, deps.redactionRules);
  if (leaked.length > 0) throw new AppError('BAD_REQUEST', `dataset ${record.version} contains ${leaked.join(', ')}: not exported`);
  return { version: record.version, text, caseCount: cases.length };
}
