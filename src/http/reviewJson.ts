/** Public JSON shapes of review items, audit entries and dataset versions (documented in docs/api.md). */
import type { DatasetVersionRecord, ReviewAuditRecord, ReviewItemRecord } from '../app/review/PromotionPort.js';

/** A review item as listed. */
export function toReviewItemJson(i: ReviewItemRecord) {
  return {
    id: i.id,
    traceId: i.traceId,
    status: i.status,
    priority: i.priority,
    version: i.version,
    signals: i.signals.map((s) => ({ flagId: s.flagId, kind: s.kind, source: s.source, reason: s.reason, strength: s.strength, riskHint: s.riskHint, details: s.details, at: s.at })),
    reviewer: i.reviewer,
    decidedAt: i.decidedAt?.toISOString() ?? null,
    labels: i.labels,
    rejectReason: i.rejectReason,
    caseId: i.caseId,
    duplicateOf: i.duplicateOfCase,
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

/** One audit entry. */
export function toAuditJson(a: ReviewAuditRecord) {
  return { id: a.id, action: a.action, actor: a.actor, at: a.at.toISOString(), changes: a.changes };
}

/** A dataset version without its content. */
export function toDatasetJson(d: Omit<DatasetVersionRecord, 'content'>) {
  return { version: d.version, name: d.name, caseCount: d.caseCount, previousVersion: d.previousVersion, changelog: d.changelog, createdAt: d.createdAt.toISOString() };
}
