/**
 * ScoringStore over SqlClient: trace_scoring (state, action, flags, the deterministic scores as one
 * JSON array, lease) and trace_scores (judge results; deterministic results of traces scored before the
 * scores column), read
 * next to `traces` and `span_chunks` (never written here). Claims: PostgreSQL locks candidate rows
 * with FOR UPDATE SKIP LOCKED, so concurrent claimers take disjoint sets; SQLite runs the claim in one
 * BEGIN IMMEDIATE transaction (one writer at a time across processes). Saved results are kept only
 * while the saver still holds the lease.
 */
import type { TraceSummary } from '../../app/ports.js';
import type { SavedScoring, ScoredTraceFilter, ScoringStore, ScoringTrace, TraceKey, TraceScoringView } from '../../app/scoring/scoringPorts.js';
import { compareSpans } from '../../domain/facts/index.js';
import type { ScoreResult } from '../../domain/scoring/types.js';
import { decodeCursor, encodeCursor, FULL_SPAN_SELECT, toSpanRow, toTraceSummary, type StoredSpan } from '../spanRowCodec.js';
import type { SqlClient, SqlExecutor } from './SqlClient.js';
import { readScoringSpans, type OrderedScoringSpan } from './readScoringSpans.js';
import { planTraceListJoin } from './traceListJoin.js';
import { keyFilter, writeScoringRows } from './writeScoringRows.js';

interface ScoringRow {
  status: string;
  reason: string | null;
  action: string | null;
  action_source: string | null;
  action_reason: string | null;
  flags: string;
  judge_status: string | null;
  judge_reason: string | null;
  scores: string | null;
  trace_updated_ms: number;
  scored_ms: number | null;
}

/** The row's deterministic results and `rows` (trace_scores), by name. */
function mergeScores(json: string | null, rows: readonly ScoreResult[]): ScoreResult[] {
  const all = json === null ? [...rows] : [...(JSON.parse(json) as ScoreResult[]), ...rows];
  return all.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A trace not scored at its current update (or never) is `waiting`; `scores` are its trace_scores rows. */
export function toScoringView(row: ScoringRow | null, traceUpdatedMs: number, scores: ScoreResult[]): TraceScoringView {
  if (!row || row.scored_ms === null || Number(row.trace_updated_ms) < traceUpdatedMs) {
    return {
      status: 'waiting',
      reason: row?.scored_ms != null ? 'spans arrived after scoring; waiting for the quiet period' : 'waiting for the quiet period (no span for TRACEGATE_SCORING_QUIET_PERIOD)',
      action: null, actionSource: null, actionReason: null, flags: [], scores: [], judge: null, scoredAt: null,
    };
  }
  return {
    status: 'scored',
    reason: row.reason ?? 'scored',
    action: row.action as TraceScoringView['action'],
    actionSource: row.action_source as TraceScoringView['actionSource'],
    actionReason: row.action_reason,
    flags: row.flags.split(',').filter(Boolean),
    scores: mergeScores(row.scores ?? null, scores),
    judge: row.judge_status ? { status: row.judge_status as NonNullable<TraceScoringView['judge']>['status'], reason: row.judge_reason } : null,
    scoredAt: new Date(Number(row.scored_ms)).toISOString(),
  };
}

const SCORING_COLUMNS = 's.status, s.reason, s.action, s.action_source, s.action_reason, s.flags, s.judge_status, s.judge_reason, s.scores, s.trace_updated_ms, s.scored_ms';

export class SqlScoringStore implements ScoringStore {
  constructor(private readonly sql: SqlClient) {}

  async claimTraces(o: { holder: string; nowMs: number; quietCutoffMs: number; leaseMs: number; limit: number }): Promise<TraceKey[]> {
    const pg = this.sql.dialect === 'postgres';
    // Work is found through the (score_pending, updated_ms) index: only traces written since their last
    // saved scoring are walked, however many scored traces the store holds. A trace another claimer
    // holds a live lease on is passed over; on PostgreSQL, FOR UPDATE SKIP LOCKED keeps concurrent
    // claimers on disjoint traces (SQLite runs the claim in one BEGIN IMMEDIATE transaction).
    const candidates =
      'SELECT t.project_id, t.trace_id FROM traces t WHERE t.score_pending = TRUE AND t.updated_ms <= ? ' +
      'AND NOT EXISTS (SELECT 1 FROM trace_scoring s WHERE s.project_id = t.project_id AND s.trace_id = t.trace_id AND s.lease_expires_ms >= ?) ' +
      `ORDER BY t.updated_ms LIMIT ?${pg ? ' FOR UPDATE OF t SKIP LOCKED' : ''}`;
    // The lease is taken only where none is live (a concurrent claimer's fresh lease is left alone).
    return this.sql.tx((q) =>
      q.all<TraceKey>(
        "INSERT INTO trace_scoring (project_id, trace_id, status, flags, trace_updated_ms, lease_holder, lease_expires_ms) " +
          `SELECT c.project_id, c.trace_id, 'waiting', ',', -1, ?, ? FROM (${candidates}) c WHERE TRUE ` +
          'ON CONFLICT (project_id, trace_id) DO UPDATE SET lease_holder = excluded.lease_holder, lease_expires_ms = excluded.lease_expires_ms ' +
          'WHERE trace_scoring.lease_expires_ms IS NULL OR trace_scoring.lease_expires_ms < ? ' +
          'RETURNING project_id AS "projectId", trace_id AS "traceId"',
        [o.holder, o.nowMs + o.leaseMs, o.quietCutoffMs, o.nowMs, o.limit, o.nowMs],
      ),
    );
  }

  async loadTraces(keys: readonly TraceKey[]): Promise<ScoringTrace[]> {
    if (keys.length === 0) return [];
    const f = keyFilter(this.sql.dialect, keys);
    const traces = await this.sql.all<{ project_id: string; trace_id: string; facts: string; updated_ms: number }>(
      `SELECT project_id, trace_id, facts, updated_ms FROM traces WHERE ${f.where('project_id', 'trace_id')}`, f.params,
    );
    const chunks = await this.sql.all<{ project_id: string; trace_id: string; body: Uint8Array }>(
      `SELECT project_id, trace_id, body FROM span_chunks WHERE ${f.where('project_id', 'trace_id')} ORDER BY id`, f.params,
    );
    const legacy = await this.sql.all<StoredSpan>(`SELECT ${FULL_SPAN_SELECT} FROM spans WHERE ${f.where('project_id', 'trace_id')}`, f.params);
    const byKey = new Map<string, { trace: TraceSummary; spans: OrderedScoringSpan[]; unreadable?: string }>();
    for (const t of traces) byKey.set(`${t.project_id}/${t.trace_id}`, { trace: toTraceSummary(t), spans: [] });
    for (const c of chunks) {
      const entry = byKey.get(`${c.project_id}/${c.trace_id}`);
      if (!entry) continue;
      // One corrupt chunk must not stop scoring for every trace after it: its trace is scored from the
      // spans that can be read, and says so.
      try {
        entry.spans.push(...readScoringSpans(c.body));
      } catch (err) {
        entry.unreadable ??= `a stored span chunk could not be read (${err instanceof Error ? err.name : 'Error'}: ${err instanceof Error ? err.message : String(err)})`;
      }
    }
    for (const s of legacy) {
      const row = toSpanRow(s);
      byKey.get(`${s.project_id}/${s.trace_id}`)?.spans.push({ ...row, operation: row.facts.operation });
    }
    for (const t of byKey.values()) t.spans.sort(compareSpans);
    return [...byKey.values()];
  }

  async saveScoring(holder: string, results: readonly SavedScoring[]): Promise<number> {
    if (results.length === 0) return 0;
    return this.sql.tx((q) => writeScoringRows(q, this.sql.dialect, holder, results));
  }

  async releaseClaims(holder: string, keys: readonly TraceKey[]): Promise<void> {
    if (keys.length === 0) return;
    const f = keyFilter(this.sql.dialect, keys);
    await this.sql.run(`UPDATE trace_scoring SET lease_holder = NULL, lease_expires_ms = NULL WHERE lease_holder = ? AND ${f.where('project_id', 'trace_id')}`, [holder, ...f.params]);
  }

  async getScoring(projectId: string, traceId: string): Promise<TraceScoringView> {
    const rows = await this.sql.all<ScoringRow & { updated_ms: number }>(
      `SELECT ${SCORING_COLUMNS}, t.updated_ms FROM trace_scoring s JOIN traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id WHERE s.project_id = ? AND s.trace_id = ?`,
      [projectId, traceId],
    );
    const row = rows[0];
    if (!row) return toScoringView(null, 0, []);
    const scores = await this.scoresOf(this.sql, [{ projectId, traceId }]);
    return toScoringView(row, Number(row.updated_ms), scores.get(`${projectId}/${traceId}`) ?? []);
  }

  async listTraces(filter: ScoredTraceFilter): Promise<{ traces: Array<TraceSummary & { scoring: TraceScoringView }>; nextCursor: string | null }> {
    const join = await planTraceListJoin(this.sql, filter.projectId, filter.action);
    const where = [`${join.projectColumn} = ?`];
    const args: (string | number)[] = [filter.projectId];
    const scored = 's.scored_ms IS NOT NULL AND s.trace_updated_ms >= t.updated_ms';
    if (filter.service !== undefined) (where.push('t.service_name = ?'), args.push(filter.service));
    if (filter.release !== undefined) (where.push('t.release = ?'), args.push(filter.release));
    if (filter.environment !== undefined) (where.push('t.environment = ?'), args.push(filter.environment));
    if (filter.fromMs !== undefined) (where.push('t.start_ms >= ?'), args.push(filter.fromMs));
    if (filter.toMs !== undefined) (where.push('t.start_ms < ?'), args.push(filter.toMs));
    if (filter.error !== undefined) where.push(filter.error ? 't.error' : 'NOT t.error');
    if (filter.action !== undefined) (where.push(`${scored} AND s.action = ?`), args.push(filter.action));
    if (filter.flag !== undefined) (where.push(`${scored} AND s.flags LIKE ?`), args.push(`%,${filter.flag.replace(/[%_,]/g, '')},%`));
    if (filter.scoring === 'waiting') where.push('(s.trace_id IS NULL OR s.scored_ms IS NULL OR s.trace_updated_ms < t.updated_ms)');
    else if (filter.scoring === 'scored') where.push(scored);
    else if (filter.scoring !== undefined) (where.push(`${scored} AND s.judge_status = ?`), args.push(filter.scoring));
    if (filter.cursor !== undefined) {
      const c = decodeCursor(filter.cursor);
      where.push('(t.start_ms < ? OR (t.start_ms = ? AND t.trace_id < ?))');
      args.push(c.startMs, c.startMs, c.traceId);
    }
    const limit = Math.max(1, Math.min(1000, Math.floor(filter.limit)));
    const rows = await this.sql.all<ScoringRow & { project_id: string; trace_id: string; start_ms: number; facts: string; updated_ms: number; has_row: string | null }>(
      `SELECT t.project_id, t.trace_id, t.start_ms, t.facts, t.updated_ms, s.trace_id AS has_row, ${SCORING_COLUMNS} FROM ${join.from} ` +
        `WHERE ${where.join(' AND ')} ` +
        'ORDER BY t.start_ms DESC, t.trace_id DESC LIMIT ?',
      [...args, limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const scores = await this.scoresOf(this.sql, page.map((r) => ({ projectId: r.project_id, traceId: r.trace_id })));
    return {
      traces: page.map((r) => ({
        ...toTraceSummary(r),
        scoring: toScoringView(r.has_row ? r : null, Number(r.updated_ms), scores.get(`${r.project_id}/${r.trace_id}`) ?? []),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(Number(last.start_ms), last.trace_id) : null,
    };
  }

  async scoreCounts(projectId?: string): Promise<Map<string, number>> {
    const rows = await this.sql.all<{ trace_id: string; score_count: number }>(
      `SELECT trace_id, score_count FROM trace_scoring${projectId === undefined ? '' : ' WHERE project_id = ?'}`,
      projectId === undefined ? [] : [projectId],
    );
    return new Map(rows.map((r) => [r.trace_id, Number(r.score_count)]));
  }

  private async scoresOf(q: SqlExecutor, keys: readonly TraceKey[]): Promise<Map<string, ScoreResult[]>> {
    const out = new Map<string, ScoreResult[]>();
    if (keys.length === 0) return out;
    const f = keyFilter(this.sql.dialect, keys);
    const rows = await q.all<{ project_id: string; trace_id: string; name: string; version: number; value: number | null; label: string | null; reason: string | null }>(
      `SELECT project_id, trace_id, name, version, value, label, reason FROM trace_scores WHERE ${f.where('project_id', 'trace_id')} ORDER BY name`, f.params,
    );
    for (const r of rows) {
      const key = `${r.project_id}/${r.trace_id}`;
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push({ name: r.name, version: Number(r.version), value: r.value === null ? null : Number(r.value), label: r.label, reason: r.reason });
    }
    return out;
  }
}
