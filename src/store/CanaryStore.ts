/** Canaries, their looks, cohort windows and drift states (Prisma; a few rows per evaluation). */
import type { CanaryRecord, CanaryStorePort, CohortWindowRow, DriftRecord, EvaluationRecord, WindowAddOptions, WindowedTrace, WindowQuery } from '../app/canary/canaryPorts.js';
import type { DriftSeriesQuery, DriftSeriesStore, DriftWindowRecord, WindowTraceCount } from '../app/canary/loadDriftSeries.js';
import type { ControlPlaneClient } from './ControlPlaneStore.js';

type CanaryRow = Awaited<ReturnType<ControlPlaneClient['canary']['findMany']>>[number];
const toCanary = (r: CanaryRow): CanaryRecord => ({ ...r, source: r.source as CanaryRecord['source'], status: r.status as CanaryRecord['status'] });
const COUNT_CHUNK = 2000;

/** CanaryStorePort over the control-plane Prisma client; `dialect` picks raw-SQL placeholders. */
export class CanaryStore implements CanaryStorePort, DriftSeriesStore {
  constructor(private readonly prisma: ControlPlaneClient, private readonly dialect: 'sqlite' | 'postgres') {}

  async addToWindows(
    projectId: string, traces: readonly WindowedTrace[], windowMs: number, nowMs: number, encode: (prev: string | null, add: readonly WindowedTrace[]) => string,
    opts: WindowAddOptions = {},
  ): Promise<number> {
    if (traces.length === 0) return 0;
    const prefix = opts.countKeyPrefix ?? '';
    const counted = opts.countsTraces ?? true;
    return this.prisma.$transaction(async (tx) => {
      // Count each trace once: only ids newly inserted here go into the windows.
      const fresh = new Set<string>();
      for (let i = 0; i < traces.length; i += COUNT_CHUNK) {
        const chunk = traces.slice(i, i + COUNT_CHUNK);
        const ph = chunk.map((_, k) => (this.dialect === 'postgres' ? `($1, $${k + 2})` : '(?, ?)')).join(', ');
        const params = this.dialect === 'postgres' ? [projectId, ...chunk.map((t) => prefix + t.traceId)] : chunk.flatMap((t) => [projectId, prefix + t.traceId]);
        const rows = await tx.$queryRawUnsafe<Array<{ trace_id: string }>>(
          `INSERT INTO cohort_counted_traces (project_id, trace_id) VALUES ${ph} ON CONFLICT DO NOTHING RETURNING trace_id`, ...params);
        for (const r of rows) fresh.add(r.trace_id.slice(prefix.length));
      }
      const groups = new Map<string, { key: Omit<CohortWindowRow, 'traces' | 'firstSeenMs' | 'summary'>; items: WindowedTrace[] }>();
      for (const t of traces) {
        if (!fresh.has(t.traceId)) continue;
        const windowStartMs = Math.floor(t.startMs / windowMs) * windowMs;
        for (const [cohortAttribute, cohort] of Object.entries(t.cohorts)) {
          const id = JSON.stringify([t.service, t.environment, cohortAttribute, cohort, windowStartMs]);
          let g = groups.get(id);
          if (!g) groups.set(id, (g = { key: { service: t.service, environment: t.environment, cohortAttribute, cohort, windowStartMs }, items: [] }));
          g.items.push(t);
        }
      }
      for (const { key, items } of groups.values()) {
        const where = { projectId_service_environment_cohortAttribute_cohort_windowStartMs: { projectId, ...key } };
        const prev = await tx.cohortWindow.findUnique({ where });
        const summary = encode(prev?.summary ?? null, items);
        const firstSeenMs = Math.min(prev?.firstSeenMs ?? Infinity, ...items.map((t) => t.startMs));
        const added = counted ? items.length : 0;
        if (prev) await tx.cohortWindow.update({ where, data: { traces: prev.traces + added, summary, firstSeenMs, updatedMs: nowMs } });
        else await tx.cohortWindow.create({ data: { projectId, ...key, traces: added, summary, firstSeenMs, updatedMs: nowMs } });
      }
      return fresh.size;
    }, { timeout: 120_000, maxWait: 30_000 });
  }

  async readWindows(q: WindowQuery): Promise<CohortWindowRow[]> {
    return this.prisma.cohortWindow.findMany({
      where: this.windowWhere(q),
      select: { service: true, environment: true, cohortAttribute: true, cohort: true, windowStartMs: true, traces: true, firstSeenMs: true, summary: true },
      orderBy: { windowStartMs: 'asc' },
    });
  }

  async cohortTraffic(q: WindowQuery): Promise<Array<{ service: string; environment: string; cohort: string; traces: number }>> {
    const rows = await this.prisma.cohortWindow.groupBy({ by: ['service', 'environment', 'cohort'], where: this.windowWhere(q), _sum: { traces: true } });
    return rows.map((r) => ({ service: r.service, environment: r.environment, cohort: r.cohort, traces: r._sum.traces ?? 0 }));
  }

  private windowWhere(q: WindowQuery) {
    return {
      projectId: q.projectId, cohortAttribute: q.cohortAttribute, ...(q.cohorts ? { cohort: { in: q.cohorts } } : {}),
      ...(q.service ? { service: q.service } : {}), ...(q.environment ? { environment: q.environment } : {}),
      windowStartMs: { gte: q.fromMs, ...(q.toMs !== undefined ? { lt: q.toMs } : {}) },
    };
  }

  async recentCohorts(cohortAttribute: string, sinceMs: number) {
    const rows = await this.prisma.cohortWindow.groupBy({
      by: ['projectId', 'service', 'environment', 'cohort'], where: { cohortAttribute, windowStartMs: { gte: sinceMs } },
      _sum: { traces: true }, _min: { firstSeenMs: true },
    });
    return rows.map((r) => ({ projectId: r.projectId, service: r.service, environment: r.environment, cohort: r.cohort, traces: r._sum.traces ?? 0, firstSeenMs: r._min.firstSeenMs ?? 0 }));
  }

  async createCanary(c: Parameters<CanaryStorePort['createCanary']>[0]): Promise<CanaryRecord> {
    return toCanary(await this.prisma.canary.create({ data: { ...c, status: 'active' } }));
  }

  async getCanary(id: string): Promise<CanaryRecord | null> {
    const r = await this.prisma.canary.findUnique({ where: { id } });
    return r ? toCanary(r) : null;
  }

  async listCanaries(filter: { projectId?: string; status?: 'active' | 'stopped' }): Promise<CanaryRecord[]> {
    return (await this.prisma.canary.findMany({ where: filter, orderBy: { startedMs: 'desc' } })).map(toCanary);
  }

  async stopCanary(id: string, nowMs: number): Promise<CanaryRecord | null> {
    const res = await this.prisma.canary.updateMany({ where: { id, status: 'active' }, data: { status: 'stopped', stoppedMs: nowMs } });
    return res.count === 1 ? this.getCanary(id) : null;
  }

  async saveLook(canaryId: string, e: EvaluationRecord, state: string): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      // The look number is claimed by moving `looks` from look-1 to look: a second evaluator of the same look loses.
      const res = await tx.canary.updateMany({
        where: { id: canaryId, looks: e.look - 1 },
        data: { looks: e.look, state, verdict: e.verdict, final: e.final, lastEvaluatedMs: e.evaluatedMs },
      });
      if (res.count !== 1) return false;
      await tx.canaryEvaluation.create({ data: e });
      return true;
    });
  }

  async listEvaluations(canaryId: string, limit: number): Promise<EvaluationRecord[]> {
    const rows = await this.prisma.canaryEvaluation.findMany({ where: { canaryId }, orderBy: { look: 'desc' }, take: limit });
    return rows.map(({ id: _id, ...r }) => r);
  }

  async saveDrift(rows: readonly DriftRecord[]): Promise<void> {
    if (rows.length === 0) return;
    await this.prisma.$transaction(async (tx) => {
      for (const r of rows) {
        const id = JSON.stringify([r.projectId, r.service, r.environment, r.metric]);
        const { windowStartMs, ...state } = r;
        await tx.driftState.upsert({ where: { id }, create: { id, ...state }, update: state });
        if (windowStartMs === undefined) continue;
        // The window history: one row per judged window, replaced if the same window is judged again.
        const windowId = JSON.stringify([r.projectId, r.service, r.environment, r.metric, windowStartMs]);
        await tx.driftWindow.upsert({ where: { id: windowId }, create: { id: windowId, ...state, windowStartMs }, update: { ...state, windowStartMs } });
      }
    });
  }

  async listDriftWindows(q: DriftSeriesQuery): Promise<DriftWindowRecord[]> {
    const rows = await this.prisma.driftWindow.findMany({
      where: { projectId: q.projectId, ...(q.service !== null ? { service: q.service } : {}), ...(q.environment !== null ? { environment: q.environment } : {}), windowStartMs: { gte: q.fromMs, lt: q.toMs } },
      orderBy: [{ windowStartMs: 'asc' }, { metric: 'asc' }],
    });
    return rows.map(({ id: _id, ...r }) => ({ ...r, kind: r.kind as DriftRecord['kind'] }));
  }

  async windowTraceCounts(q: DriftSeriesQuery & { cohortAttribute: string }): Promise<WindowTraceCount[]> {
    const rows = await this.prisma.cohortWindow.groupBy({
      by: ['service', 'environment', 'windowStartMs'],
      where: { projectId: q.projectId, cohortAttribute: q.cohortAttribute, ...(q.service !== null ? { service: q.service } : {}), ...(q.environment !== null ? { environment: q.environment } : {}), windowStartMs: { gte: q.fromMs, lt: q.toMs } },
      _sum: { traces: true },
    });
    return rows.map((r) => ({ service: r.service, environment: r.environment, windowStartMs: r.windowStartMs, traces: r._sum.traces ?? 0 }));
  }

  async listDrift(projectId?: string): Promise<DriftRecord[]> {
    const rows = await this.prisma.driftState.findMany({ where: projectId ? { projectId } : {}, orderBy: [{ service: 'asc' }, { environment: 'asc' }, { metric: 'asc' }] });
    return rows.map(({ id: _id, ...r }) => ({ ...r, kind: r.kind as DriftRecord['kind'] }));
  }
}
