/**
 * Approve and reject: the reviewer's decision on an open review item. Approval rebuilds the case from
 * the trace, redacts every text field, and either adds the case or links the item to an existing
 * near-duplicate. Both are one transaction guarded by the item's version: of two reviewers deciding
 * at once one wins, the other gets CONFLICT.
 */
import { AppError } from '../AppError.js';
import { CaseSchema, type Case } from '../../domain/cases/CaseSchema.js';
import { buildCaseFromTrace, extractCaseInput } from '../../domain/promotion/buildCaseFromTrace.js';
import { findNearDuplicates, toInputKey, type NearDuplicate } from '../../domain/promotion/findNearDuplicates.js';
import { redactCase, type RedactionReport } from '../../domain/promotion/redactCase.js';
import { findUnredacted } from '../../domain/promotion/redactText.js';
import { ReviewLabelsSchema, ReviewRejectionSchema, type ReviewLabelsInput } from '../../domain/promotion/ReviewLabels.js';
import type { ReviewItemRecord } from './PromotionPort.js';
import type { ReviewDeps } from './ReviewDeps.js';

/** Result of an approval: the item, the case id, and whether it was linked to an existing case. */
export interface ApproveResult {
  item: ReviewItemRecord;
  caseId: string;
  duplicateOf: NearDuplicate | null;
  redaction: RedactionReport;
}

function zodMessage(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(body)'}: ${i.message}`).join('; ');
}

/** Rubric of the human label an approval writes: the action the app should have chosen. */
export const HUMAN_LABEL_RUBRIC = 'action';

/** The case id of a trace's case: deterministic, so one trace never yields two cases. */
export function caseIdForTrace(traceId: string): string {
  return `prod-${traceId.slice(0, 16)}`;
}

async function openItem(deps: ReviewDeps, projectId: string, id: string, expectedVersion: number | undefined): Promise<ReviewItemRecord> {
  const item = await deps.promotion.getReviewItem(projectId, id);
  if (!item) throw new AppError('NOT_FOUND', `review item ${id} not found`);
  if (item.status !== 'open') throw conflict(item);
  if (expectedVersion !== undefined && expectedVersion !== item.version) {
    throw new AppError('CONFLICT', `review item ${id} changed since you read it (you have version ${expectedVersion}, it is at ${item.version}); reload it and decide again`);
  }
  return item;
}

function conflict(current: ReviewItemRecord | null): AppError {
  if (!current) return new AppError('NOT_FOUND', 'review item not found');
  if (current.status === 'open') return new AppError('CONFLICT', `review item ${current.id} changed while you decided (now version ${current.version}); reload it and decide again`);
  const when = current.decidedAt ? current.decidedAt.toISOString() : 'earlier';
  return new AppError('CONFLICT', `review item ${current.id} was already ${current.status} by ${current.reviewer ?? 'someone'} at ${when} (version ${current.version}); nothing changed`);
}

/** Near-duplicate matches of the trace behind `item` among the project's cases (what the reviewer sees). */
export async function findMatchesForItem(deps: ReviewDeps, item: ReviewItemRecord): Promise<NearDuplicate[]> {
  const found = await deps.spans.getTrace(item.projectId, item.traceId);
  if (!found) return [];
  const input = redactCase(extractCaseInput(found.trace, found.spans), deps.redactionRules).value;
  const cases = await deps.promotion.listCases(item.projectId);
  return findNearDuplicates(
    toInputKey(input),
    cases.filter((c) => c.traceId !== item.traceId).map((c) => ({ caseId: c.id, inputKey: c.inputKey })),
  );
}

/** Approves an open item with the reviewer's labels (validated here). */
export async function approveReviewItem(
  deps: ReviewDeps,
  input: { projectId: string; id: string; labels: ReviewLabelsInput; expectedVersion?: number },
): Promise<ApproveResult> {
  const parsed = ReviewLabelsSchema.safeParse(input.labels);
  if (!parsed.success) throw new AppError('BAD_REQUEST', `invalid approval: ${zodMessage(parsed.error.issues)}`);
  const labels = parsed.data;
  const item = await openItem(deps, input.projectId, input.id, input.expectedVersion);
  const found = await deps.spans.getTrace(item.projectId, item.traceId);
  if (!found) throw new AppError('NOT_FOUND', `trace ${item.traceId} of review item ${item.id} not found`);
  const now = deps.now();
  const caseId = caseIdForTrace(item.traceId);
  const draft = buildCaseFromTrace(found.trace, found.spans, { caseId, reviewItemId: item.id, signals: item.signals, approvedAt: now, labels });
  const redacted = redactCase(draft, deps.redactionRules);
  const checked = CaseSchema.safeParse(redacted.value);
  if (!checked.success) throw new AppError('BAD_REQUEST', `trace ${item.traceId} cannot become a case: ${zodMessage(checked.error.issues)}`);
  const body = checked.data;
  const leaked = findUnredacted(JSON.stringify(body), deps.redactionRules);
  if (leaked.length > 0) throw new Error(`redaction left ${leaked.join(', ')} in case ${caseId}`);
  const inputKey = toInputKey(body.input);
  const cases = await deps.promotion.listCases(item.projectId);
  const match = findNearDuplicates(inputKey, cases.filter((c) => c.id !== caseId).map((c) => ({ caseId: c.id, inputKey: c.inputKey })))[0] ?? null;
  const changes = { status: { before: 'open', after: 'approved' }, labels, caseId: match ? match.caseId : caseId, redaction: redacted.report, ...(match ? { duplicateOf: match } : {}) };
  const result = await deps.promotion.decideReviewItem({
    projectId: item.projectId,
    id: item.id,
    expectedVersion: item.version,
    now,
    status: 'approved',
    reviewer: labels.reviewer,
    labels,
    rejectReason: null,
    ...(match
      ? { linkCase: { caseId: match.caseId, update: (existing: Case) => linkTrace(existing, item.traceId) } }
      : { newCase: { id: caseId, projectId: item.projectId, traceId: item.traceId, reviewItemId: item.id, tier: body.tier, body, redactionReport: redacted.report, inputKey } }),
    audit: { action: match ? 'linked_duplicate' : 'approved', changes },
    humanLabels: [{ rubricId: HUMAN_LABEL_RUBRIC, label: labels.action, comment: `bucket=${labels.bucket}; risk=${labels.riskTier}${labels.notes ? `; ${labels.notes}` : ''}` }],
  });
  if (!result.ok) throw conflict(result.current);
  return { item: result.item, caseId: match ? match.caseId : caseId, duplicateOf: match, redaction: redacted.report };
}

/** The existing case with one more linked trace in its provenance. */
function linkTrace(existing: Case, traceId: string): Case {
  const metadata = { ...(existing.provenance.metadata ?? {}) };
  const linked = Array.isArray(metadata.linkedTraceIds) ? (metadata.linkedTraceIds as unknown[]).filter((x): x is string => typeof x === 'string') : [];
  if (!linked.includes(traceId)) linked.push(traceId);
  metadata.linkedTraceIds = linked.sort();
  return { ...existing, provenance: { ...existing.provenance, metadata } };
}

/** Rejects an open item with a reason. */
export async function rejectReviewItem(
  deps: ReviewDeps,
  input: { projectId: string; id: string; reason: string; reviewer: string; expectedVersion?: number },
): Promise<ReviewItemRecord> {
  const parsed = ReviewRejectionSchema.safeParse({ reason: input.reason, reviewer: input.reviewer });
  if (!parsed.success) throw new AppError('BAD_REQUEST', `invalid rejection: ${zodMessage(parsed.error.issues)}`);
  const item = await openItem(deps, input.projectId, input.id, input.expectedVersion);
  const result = await deps.promotion.decideReviewItem({
    projectId: item.projectId,
    id: item.id,
    expectedVersion: item.version,
    now: deps.now(),
    status: 'rejected',
    reviewer: parsed.data.reviewer,
    labels: null,
    rejectReason: parsed.data.reason,
    audit: { action: 'rejected', changes: { status: { before: 'open', after: 'rejected' }, reason: parsed.data.reason } },
  });
  if (!result.ok) throw conflict(result.current);
  return result.item;
}
