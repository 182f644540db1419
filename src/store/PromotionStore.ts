/**
 * Flags, review items, the review audit log, promoted cases and dataset versions through Prisma
 * (control-plane volume). Decisions are one transaction each, guarded by the item's version.
 */
import type {
  DatasetVersionRecord,
  MergeSignalFn,
  PromotedCaseRecord,
  PromotionPort,
  ReviewAuditRecord,
  ReviewDecisionResult,
  ReviewDecisionWrite,
  ReviewItemRecord,
  ReviewStatus,
} from '../app/review/PromotionPort.js';
import type { ReviewSignal, SignalInput } from '../domain/promotion/signals.js';
import { CaseSchema } from '../domain/cases/CaseSchema.js';
import type { ControlPlaneClient } from './ControlPlaneStore.js';

type Tx = Parameters<Parameters<ControlPlaneClient['$transaction']>[0]>[0];
type ItemRow = Awaited<ReturnType<ControlPlaneClient['reviewItem']['findUniqueOrThrow']>>;
type CaseRow = Awaited<ReturnType<ControlPlaneClient['promotedCase']['findUniqueOrThrow']>>;
type DatasetRow = Awaited<ReturnType<ControlPlaneClient['datasetVersion']['findUniqueOrThrow']>>;

const isUniqueViolation = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'P2002';

function toItem(r: ItemRow): ReviewItemRecord {
  return {
    id: r.id,
    projectId: r.projectId,
    traceId: r.traceId,
    status: r.status as ReviewStatus,
    priority: r.priority,
    signals: JSON.parse(r.signals) as ReviewSignal[],
    version: r.version,
    reviewer: r.reviewer,
    decidedAt: r.decidedAt,
    labels: r.labels ? (JSON.parse(r.labels) as ReviewItemRecord['labels']) : null,
    rejectReason: r.rejectReason,
    caseId: r.caseId,
    duplicateOfCase: r.duplicateOfCase,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function toCase(r: CaseRow): PromotedCaseRecord {
  return {
    id: r.id,
    projectId: r.projectId,
    traceId: r.traceId,
    reviewItemId: r.reviewItemId,
    tier: r.tier,
    body: CaseSchema.parse(JSON.parse(r.body)),
    redactionReport: JSON.parse(r.redactionReport) as PromotedCaseRecord['redactionReport'],
    inputKey: r.inputKey,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function toDataset(r: DatasetRow): DatasetVersionRecord {
  return {
    version: r.version,
    name: r.name,
    content: r.content,
    caseCount: r.caseCount,
    previousVersion: r.previousVersion,
    changelog: JSON.parse(r.changelog) as DatasetVersionRecord['changelog'],
    createdAt: r.createdAt,
  };
}

/** PromotionPort over Prisma (SQLite or PostgreSQL). */
export class PromotionStore implements PromotionPort {
  constructor(private readonly prisma: ControlPlaneClient) {}

  async recordFlag(
    input: { projectId: string; traceId: string; signal: SignalInput; actor: string; now: Date },
    merge: MergeSignalFn,
    toSignal: (flagId: string) => ReviewSignal,
  ): Promise<{ flagId: string; item: ReviewItemRecord; created: boolean }> {
    // Two flags of one trace at once: the item insert or the version check fails for one; retry it.
    for (let attempt = 0; ; attempt++) {
      try {
        const out = await this.prisma.$transaction(async (tx) => this.flagOnce(tx, input, merge, toSignal));
        if (out) return out;
      } catch (err) {
        if (!isUniqueViolation(err) || attempt >= 5) throw err;
      }
      if (attempt >= 5) throw new Error(`review item of trace ${input.traceId} kept changing; flag not recorded`);
    }
  }

  private async flagOnce(
    tx: Tx,
    input: { projectId: string; traceId: string; signal: SignalInput; actor: string; now: Date },
    merge: MergeSignalFn,
    toSignal: (flagId: string) => ReviewSignal,
  ): Promise<{ flagId: string; item: ReviewItemRecord; created: boolean } | null> {
    // toSignal applies the kind's defaults; the flag id is known only after the insert.
    const s = input.signal;
    const draft = toSignal('');
    const flag = await tx.flag.create({
      data: {
        projectId: input.projectId,
        traceId: input.traceId,
        kind: s.kind,
        source: s.source,
        reason: s.reason,
        strength: draft.strength,
        riskHint: draft.riskHint,
        details: JSON.stringify(s.details ?? {}),
        createdAt: input.now,
      },
      select: { id: true },
    });
    const signal: ReviewSignal = { ...draft, flagId: flag.id };
    const existing = await tx.reviewItem.findUnique({ where: { projectId_traceId: { projectId: input.projectId, traceId: input.traceId } } });
    if (!existing) {
      const merged = merge([], signal);
      const row = await tx.reviewItem.create({
        data: {
          projectId: input.projectId,
          traceId: input.traceId,
          status: 'open',
          priority: merged.priority,
          signals: JSON.stringify(merged.signals),
          createdAt: input.now,
          updatedAt: input.now,
        },
      });
      await this.audit(tx, row.projectId, row.id, 'flagged', input.actor, input.now, { signal, priority: { before: null, after: merged.priority } });
      return { flagId: flag.id, item: toItem(row), created: true };
    }
    const before = toItem(existing);
    const merged = merge(before.signals, signal);
    const res = await tx.reviewItem.updateMany({
      where: { id: existing.id, version: existing.version },
      data: { signals: JSON.stringify(merged.signals), priority: merged.priority, version: existing.version + 1, updatedAt: input.now },
    });
    if (res.count === 0) return null;
    await this.audit(tx, existing.projectId, existing.id, 'signal_added', input.actor, input.now, { signal, priority: { before: before.priority, after: merged.priority } });
    const row = await tx.reviewItem.findUniqueOrThrow({ where: { id: existing.id } });
    return { flagId: flag.id, item: toItem(row), created: false };
  }

  private async audit(tx: Tx, projectId: string, reviewItemId: string, action: ReviewAuditRecord['action'], actor: string, at: Date, changes: Record<string, unknown>): Promise<void> {
    await tx.reviewAudit.create({ data: { projectId, reviewItemId, action, actor, at, changes: JSON.stringify(changes) } });
  }

  async listReviewItems(projectId: string, filter: { status?: ReviewStatus; limit: number }): Promise<ReviewItemRecord[]> {
    const rows = await this.prisma.reviewItem.findMany({
      where: { projectId, ...(filter.status ? { status: filter.status } : {}) },
      orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }],
      take: filter.limit,
    });
    return rows.map(toItem);
  }

  async getReviewItem(projectId: string, id: string): Promise<ReviewItemRecord | null> {
    const row = await this.prisma.reviewItem.findFirst({ where: { id, projectId } });
    return row ? toItem(row) : null;
  }

  async getReviewItemByTrace(projectId: string, traceId: string): Promise<ReviewItemRecord | null> {
    const row = await this.prisma.reviewItem.findUnique({ where: { projectId_traceId: { projectId, traceId } } });
    return row ? toItem(row) : null;
  }

  async listAudit(projectId: string, reviewItemId: string): Promise<ReviewAuditRecord[]> {
    const rows = await this.prisma.reviewAudit.findMany({ where: { projectId, reviewItemId }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return rows.map((r) => ({
      id: r.id,
      reviewItemId: r.reviewItemId,
      action: r.action as ReviewAuditRecord['action'],
      actor: r.actor,
      at: r.at,
      changes: JSON.parse(r.changes) as Record<string, unknown>,
    }));
  }

  async decideReviewItem(w: ReviewDecisionWrite): Promise<ReviewDecisionResult> {
    const result = await this.prisma.$transaction(async (tx) => {
      const res = await tx.reviewItem.updateMany({
        where: { id: w.id, projectId: w.projectId, version: w.expectedVersion, status: 'open' },
        data: {
          status: w.status,
          reviewer: w.reviewer,
          decidedAt: w.now,
          labels: w.labels ? JSON.stringify(w.labels) : null,
          rejectReason: w.rejectReason,
          caseId: w.newCase?.id ?? w.linkCase?.caseId ?? null,
          duplicateOfCase: w.linkCase?.caseId ?? null,
          version: w.expectedVersion + 1,
          updatedAt: w.now,
        },
      });
      if (res.count === 0) return null;
      if (w.newCase) {
        const c = w.newCase;
        await tx.promotedCase.create({
          data: {
            id: c.id,
            projectId: c.projectId,
            traceId: c.traceId,
            reviewItemId: c.reviewItemId,
            tier: c.tier,
            body: JSON.stringify(c.body),
            redactionReport: JSON.stringify(c.redactionReport),
            inputKey: c.inputKey,
            createdAt: w.now,
            updatedAt: w.now,
          },
        });
      }
      if (w.linkCase) {
        const row = await tx.promotedCase.findFirstOrThrow({ where: { id: w.linkCase.caseId, projectId: w.projectId } });
        const body = w.linkCase.update(toCase(row).body);
        await tx.promotedCase.update({ where: { projectId_id: { projectId: w.projectId, id: row.id } }, data: { body: JSON.stringify(body), updatedAt: w.now } });
      }
      const item = await tx.reviewItem.findUniqueOrThrow({ where: { id: w.id } });
      for (const l of w.humanLabels ?? []) {
        const key = { projectId: w.projectId, traceId: item.traceId, rubricId: l.rubricId, labeller: w.reviewer };
        const data = { label: l.label, comment: l.comment, createdMs: w.now.getTime() };
        await tx.humanLabel.upsert({ where: { projectId_traceId_rubricId_labeller: key }, create: { ...key, ...data }, update: data });
      }
      await this.audit(tx, w.projectId, w.id, w.audit.action, w.reviewer, w.now, w.audit.changes);
      return toItem(await tx.reviewItem.findUniqueOrThrow({ where: { id: w.id } }));
    });
    if (result) return { ok: true, item: result };
    return { ok: false, current: await this.getReviewItem(w.projectId, w.id) };
  }

  async listCases(projectId: string): Promise<PromotedCaseRecord[]> {
    const rows = await this.prisma.promotedCase.findMany({ where: { projectId }, orderBy: { id: 'asc' } });
    return rows.map(toCase);
  }

  async latestDataset(projectId: string): Promise<DatasetVersionRecord | null> {
    const row = await this.prisma.datasetVersion.findFirst({ where: { projectId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return row ? toDataset(row) : null;
  }

  async saveDataset(projectId: string, record: Omit<DatasetVersionRecord, 'createdAt'>, now: Date): Promise<{ record: DatasetVersionRecord; created: boolean }> {
    try {
      const row = await this.prisma.datasetVersion.create({
        data: {
          projectId,
          version: record.version,
          name: record.name,
          content: record.content,
          caseCount: record.caseCount,
          previousVersion: record.previousVersion,
          changelog: JSON.stringify(record.changelog),
          createdAt: now,
        },
      });
      return { record: toDataset(row), created: true };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const row = await this.prisma.datasetVersion.findUniqueOrThrow({ where: { projectId_version: { projectId, version: record.version } } });
      return { record: toDataset(row), created: false };
    }
  }

  async listDatasets(projectId: string): Promise<Omit<DatasetVersionRecord, 'content'>[]> {
    const rows = await this.prisma.datasetVersion.findMany({
      where: { projectId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { version: true, name: true, caseCount: true, previousVersion: true, changelog: true, createdAt: true },
    });
    return rows.map((r) => ({ ...r, changelog: JSON.parse(r.changelog) as DatasetVersionRecord['changelog'] }));
  }

  async getDataset(projectId: string, version: string): Promise<DatasetVersionRecord | null> {
    const exact = await this.prisma.datasetVersion.findUnique({ where: { projectId_version: { projectId, version } } });
    if (exact) return toDataset(exact);
    const prefix = version.startsWith('sha256:') ? version : `sha256:${version}`;
    if (!/^sha256:[0-9a-f]{8,63}$/.test(prefix)) return null;
    const rows = await this.prisma.datasetVersion.findMany({ where: { projectId, version: { startsWith: prefix } }, take: 2 });
    return rows.length === 1 ? toDataset(rows[0]!) : null;
  }
}
