/**
 * Datasets: `publishDataset` freezes the project's promoted cases into a new immutable version (the
 * JSONL `tracegate gate` reads; its version is the SHA-256 of those bytes) with a changelog against
 * the previous version. Nothing unredacted is ever written: every line is checked first.
 */
import { AppError } from '../AppError.js';
import type { Case } from '../../domain/cases/CaseSchema.js';
import { computeDatasetVersion } from '../../domain/cases/computeDatasetVersion.js';
import { parseDataset } from '../../domain/cases/parseDataset.js';
import { toDatasetLine } from '../../domain/cases/toDatasetLine.js';
import { computeChangelog, type DatasetChangelog } from '../../domain/promotion/computeChangelog.js';
import { findUnredacted } from '../../domain/promotion/redactText.js';
import type { DatasetVersionRecord } from '../review/PromotionPort.js';
import type { ReviewDeps } from '../review/ReviewDeps.js';

/** What publishing did: the version (new, or the latest when nothing changed) and its changelog. */
export interface PublishResult {
  version: string;
  name: string | null;
  created: boolean;
  caseCount: number;
  previousVersion: string | null;
  changelog: DatasetChangelog;
}

/** The JSONL text of cases, sorted by id (one line each, trailing newline). */
export function toDatasetText(cases: readonly Case[]): string {
  const sorted = [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted.map((c) => toDatasetLine(c)).join('\n') + '\n';
}

/** The cases of a stored version; throws when its bytes no longer hash to its version (tampering). */
export function casesOfVersion(record: DatasetVersionRecord): Case[] {
  if (computeDatasetVersion(record.content) !== record.version) {
    throw new Error(`dataset ${record.version}: stored content does not match its version hash`);
  }
  const parsed = parseDataset(record.content, record.version);
  if (!parsed.ok) throw new Error(`dataset ${record.version}: stored content is not a valid dataset`);
  return parsed.dataset.cases;
}

/** Publishes the approved cases of `projectId` as a new version (`created: false` when identical to the latest). */
export async function publishDataset(deps: ReviewDeps, input: { projectId: string; name?: string | null }): Promise<PublishResult> {
  const cases = (await deps.promotion.listCases(input.projectId)).map((c) => c.body);
  if (cases.length === 0) throw new AppError('BAD_REQUEST', 'no approved cases to publish: approve review items first');
  const content = toDatasetText(cases);
  for (const c of cases) {
    const leaked = findUnredacted(toDatasetLine(c), deps.redactionRules);
    if (leaked.length > 0) throw new AppError('BAD_REQUEST', `case ${c.id} still contains ${leaked.join(', ')}: not published`);
  }
  const version = computeDatasetVersion(content);
  const latest = await deps.promotion.latestDataset(input.projectId);
  if (latest && latest.version === version) {
    return { version, name: latest.name, created: false, caseCount: latest.caseCount, previousVersion: latest.previousVersion, changelog: latest.changelog };
  }
  const changelog = computeChangelog(latest ? casesOfVersion(latest) : null, cases);
  const saved = await deps.promotion.saveDataset(
    input.projectId,
    { version, name: input.name ?? null, content, caseCount: cases.length, previousVersion: latest?.version ?? null, changelog },
    deps.now(),
  );
  const r = saved.record;
  return { version: r.version, name: r.name, created: saved.created, caseCount: r.caseCount, previousVersion: r.previousVersion, changelog: r.changelog };
}

/** A stored version, NOT_FOUND when unknown (full version or unique prefix). */
export async function loadDataset(deps: Pick<ReviewDeps, 'promotion'>, projectId: string, version: string): Promise<DatasetVersionRecord> {
  const record = await deps.promotion.getDataset(projectId, version);
  if (!record) throw new AppError('NOT_FOUND', `dataset version ${version} not found (see \`tracegate datasets list\`)`);
  return record;
}

/** The changelog from version `from` to version `to`. */
export async function diffDatasets(deps: Pick<ReviewDeps, 'promotion'>, projectId: string, from: string, to: string): Promise<{ from: string; to: string; changelog: DatasetChangelog }> {
  const a = await loadDataset(deps, projectId, from);
  const b = await loadDataset(deps, projectId, to);
  return { from: a.version, to: b.version, changelog: computeChangelog(casesOfVersion(a), casesOfVersion(b)) };
}
