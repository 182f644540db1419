/** Alert states, the notification outbox, delivery attempts and channel health (Prisma; low volume). */
import type { AlertChange, AlertStorePort, AttemptOutcome, AttemptRecord, ChannelState, OutboxItem, StoredAlertState } from '../app/alerts/alertPorts.js';
import type { ControlPlaneClient } from './ControlPlaneStore.js';

type OutboxRow = Awaited<ReturnType<ControlPlaneClient['alertOutbox']['findMany']>>[number];

const toOutbox = (r: OutboxRow): OutboxItem => ({
  id: r.id, projectId: r.projectId, ruleId: r.ruleId, subject: r.subject, channel: r.channel, kind: r.kind as OutboxItem['kind'],
  content: JSON.parse(r.content), status: r.status as OutboxItem['status'], attempts: r.attempts, nextAttemptMs: r.nextAttemptMs,
  lastError: r.lastError, createdMs: r.createdMs, deliveredMs: r.deliveredMs,
});

/** AlertStorePort over the control-plane Prisma client (SQLite or PostgreSQL). */
export class AlertStore implements AlertStorePort {
  constructor(private readonly prisma: ControlPlaneClient) {}

  async loadStates(): Promise<StoredAlertState[]> {
    const rows = await this.prisma.alertState.findMany();
    return rows.map((r) => ({ id: r.id, projectId: r.projectId, ruleId: r.ruleId, subject: r.subject, state: JSON.parse(r.state), content: JSON.parse(r.content) }));
  }

  async applyChanges(changes: readonly AlertChange[], nowMs: number): Promise<void> {
    if (changes.length === 0) return;
    await this.prisma.$transaction(async (tx) => {
      for (const c of changes) {
        const data = { projectId: c.projectId, ruleId: c.ruleId, subject: c.subject, state: JSON.stringify(c.state), content: JSON.stringify(c.content), updatedMs: nowMs };
        await tx.alertState.upsert({ where: { id: c.id }, create: { id: c.id, ...data }, update: data });
        for (const n of c.notifications) {
          await tx.alertOutbox.create({
            data: { projectId: c.projectId, ruleId: c.ruleId, subject: c.subject, channel: n.channel, kind: n.content.kind, content: JSON.stringify(n.content), status: 'pending', nextAttemptMs: nowMs, createdMs: nowMs },
          });
        }
      }
    });
  }

  async claimDue(nowMs: number, leaseUntilMs: number, limit: number): Promise<OutboxItem[]> {
    const due = await this.prisma.alertOutbox.findMany({ where: { status: 'pending', nextAttemptMs: { lte: nowMs } }, orderBy: { id: 'asc' }, take: limit });
    const claimed: OutboxItem[] = [];
    for (const r of due) {
      // Optimistic claim: only the claimer that still sees the old due time wins the row.
      const res = await this.prisma.alertOutbox.updateMany({ where: { id: r.id, status: 'pending', nextAttemptMs: r.nextAttemptMs }, data: { nextAttemptMs: leaseUntilMs } });
      if (res.count === 1) claimed.push(toOutbox(r));
    }
    return claimed;
  }

  async recordAttempt(o: AttemptOutcome): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      await tx.alertAttempt.create({ data: o.attempt });
      await tx.alertOutbox.update({
        where: { id: o.attempt.outboxId },
        data: { status: o.status, attempts: { increment: 1 }, nextAttemptMs: o.nextAttemptMs, lastError: o.lastError, deliveredMs: o.deliveredMs },
      });
      const { name, ...rest } = o.channel;
      await tx.alertChannelState.upsert({ where: { name }, create: { name, ...rest }, update: rest });
    });
  }

  async dropNotification(id: number, reason: string): Promise<void> {
    await this.prisma.alertOutbox.update({ where: { id }, data: { status: 'dropped', lastError: reason } });
  }

  async channelStates(): Promise<ChannelState[]> {
    return this.prisma.alertChannelState.findMany({ orderBy: { name: 'asc' } });
  }

  async enableChannel(name: string): Promise<void> {
    const data = { consecutiveFailures: 0, disabledMs: null, disabledReason: null };
    await this.prisma.alertChannelState.upsert({ where: { name }, create: { name, ...data }, update: data });
  }

  async listOutbox(limit: number): Promise<OutboxItem[]> {
    return (await this.prisma.alertOutbox.findMany({ orderBy: { id: 'desc' }, take: limit })).map(toOutbox);
  }

  async listAttempts(outboxId: number): Promise<AttemptRecord[]> {
    const rows = await this.prisma.alertAttempt.findMany({ where: { outboxId }, orderBy: { id: 'asc' } });
    return rows.map(({ id: _id, ...r }) => r);
  }
}
