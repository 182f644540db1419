/** The persistence port of flags, review items, the audit log, promoted cases and dataset versions (src/store implements it). */
import type { Case } from '../../domain/cases/CaseSchema.js';
import type { DatasetChangelog } from '../../domain/promotion/computeChangelog.js';
import type { RedactionReport } from '../../domain/promotion/redactCase.js';
import type { ReviewLabels } from '../../domain/promotion/ReviewLabels.js';
import type { ReviewSignal, SignalInput } from '../../domain/promotion/signals.js';

/** Review item states. */
export type ReviewStatus = 'open' | 'approved' | 'rejected';
export const REVIEW_STATUSES: readonly ReviewStatus[] = ['open', 'approved', 'rejected'];

/** One review item (one per trace of a project). */
export interface ReviewItemRecord {
  id: string;
  projectId: string;
  traceId: string;
  status: ReviewStatus;
  priority: number;
  signals: ReviewSignal[];
  /** Bumped by every change; decisions apply only to the version they read. */
  version: number;
  reviewer: string | null;
  decidedAt: Date | null;
  labels: ReviewLabels | null;
  rejectReason: string | null;
  /** The case this item became (or was linked to as a near-duplicate). */
  caseId: string | null;
  /** Set when the item was linked to an existing case instead of adding one. */
  duplicateOfCase: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One audit entry: who did what when, and what changed. */
export interface ReviewAuditRecord {
  id: string;
  reviewItemId: string;
  action: 'flagged' | 'signal_added' | 'approved' | 'rejected' | 'linked_duplicate';
  actor: string;
  at: Date;
  changes: Record<string, unknown>;
}

/** A promoted (redacted) case. */
export interface PromotedCaseRecord {
  id: string;
  projectId: string;
  traceId: string;
  reviewItemId: string;
  tier: string;
  body: Case;
  redactionReport: RedactionReport;
  inputKey: string;
  createdAt: Date;
  updatedAt: Date;
}

/** An immutable dataset version. */
export interface DatasetVersionRecord {
  version: string;
  name: string | null;
  content: string;
  caseCount: number;
  previousVersion: string | null;
  changelog: DatasetChangelog;
  createdAt: Date;
}

/** Merges a new signal into an item's signals (pure, supplied by the use-case). */
export type MergeSignalFn = (existing: readonly ReviewSignal[], signal: ReviewSignal) => { signals: ReviewSignal[]; priority: number };

/** The decision to write, applied only if the item is still open at `expectedVersion`. */
export interface ReviewDecisionWrite {
  projectId: string;
  id: string;
  expectedVersion: number;
  now: Date;
  status: 'approved' | 'rejected';
  reviewer: string;
  labels: ReviewLabels | null;
  rejectReason: string | null;
  /** A new case, or a link to an existing one (its body updated by `update`). */
  newCase?: Omit<PromotedCaseRecord, 'createdAt' | 'updatedAt'>;
  linkCase?: { caseId: string; update: (body: Case) => Case };
  audit: Pick<ReviewAuditRecord, 'action' | 'changes'>;
  /** Human labels of the trace written with the decision (the judge calibration set reads them; labeller = reviewer). */
  humanLabels?: Array<{ rubricId: string; label: string; comment: string | null }>;
}

/** Outcome of a decision write: the updated item, or the item as it is now (someone else decided first). */
export type ReviewDecisionResult = { ok: true; item: ReviewItemRecord } | { ok: false; current: ReviewItemRecord | null };

export interface PromotionPort {
  /** Stores the flag and creates or updates the trace's review item (merged signals, priority), with an audit entry. */
  recordFlag(
    input: { projectId: string; traceId: string; signal: SignalInput; actor: string; now: Date },
    merge: MergeSignalFn,
    toSignal: (flagId: string) => ReviewSignal,
  ): Promise<{ flagId: string; item: ReviewItemRecord; created: boolean }>;
  /** Items by priority (highest first), then age. */
  listReviewItems(projectId: string, filter: { status?: ReviewStatus; limit: number }): Promise<ReviewItemRecord[]>;
  getReviewItem(projectId: string, id: string): Promise<ReviewItemRecord | null>;
  getReviewItemByTrace(projectId: string, traceId: string): Promise<ReviewItemRecord | null>;
  /** Audit entries of one item, oldest first. */
  listAudit(projectId: string, reviewItemId: string): Promise<ReviewAuditRecord[]>;
  /** Applies a decision in one transaction (item, case, audit) with an optimistic version check. */
  decideReviewItem(write: ReviewDecisionWrite): Promise<ReviewDecisionResult>;
  listCases(projectId: string): Promise<PromotedCaseRecord[]>;
  latestDataset(projectId: string): Promise<DatasetVersionRecord | null>;
  /** Stores a new version; returns the stored one (an existing identical version is returned as is). */
  saveDataset(projectId: string, record: Omit<DatasetVersionRecord, 'createdAt'>, now: Date): Promise<{ record: DatasetVersionRecord; created: boolean }>;
  /** Newest first (without content). */
  listDatasets(projectId: string): Promise<Omit<DatasetVersionRecord, 'content'>[]>;
  /** A version by its full id or a unique prefix (at least 8 hex characters after `sha256:`). */
  getDataset(projectId: string, version: string): Promise<DatasetVersionRecord | null>;
}
