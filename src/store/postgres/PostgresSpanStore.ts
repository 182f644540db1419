/**
 * SpanStore on PostgreSQL through pg (parameterized SQL only). A batch is one transaction: spans and
 * content go in with `INSERT ... SELECT unnest($1), unnest($2), ...`, one round trip each, the arrays sent in
 * PostgreSQL's binary format (toBinaryColumns: no text-literal escaping on either side),
 * affected traces are locked, read back (one query per table), recomputed and upserted; writeBatch
 * resolves after COMMIT (synchronous_commit makes it durable).
 */
import type pg from 'pg';
import type { ComputeTraceFactsFn, ContentRow, SpanRow, SpanStore, TraceFilter, TraceSummary, WriteOutcome } from '../../app/ports.js';
import {
  contentId,
  decodeCursor,
  encodeCursor,
  FACT_SPAN_SELECT,
  FULL_SPAN_SELECT,
  makeJsonCache,
  recomputeTraces,
  SPAN_COLUMNS,
  TRACE_COLUMNS,
  toSpanRow,
  toTraceSummary,
  traceValues,
  type StoredContent,
  type StoredSpan,
  type StoredSpanForFacts,
} from '../spanRowCodec.js';
import { toBinaryArray, toBinaryColumns, type PgArrayType } from './toBinaryColumns.js';

/** PostgreSQL TEXT cannot hold NUL characters: drop them rather than fail the whole batch. */
const text = (s: string): string => (s.includes('\0') ? s.replaceAll('\0', '') : s);
const textOrNull = (s: string | null): string | null => (s === null ? null : text(s));

const SPAN_TYPES: readonly PgArrayType[] = [
  'text', 'text', 'text', 'text', 'text', 'int4', 'text', 'text', 'float8', 'float8', 'int4', 'text', 'text', 'text', 'text',
  'text', 'text', 'text', 'text', 'text', 'text', 'text', 'float8',
];
const CONTENT_TYPES: readonly PgArrayType[] = ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'float8'];
const TRACE_TYPES: readonly PgArrayType[] = [
  'text', 'text', 'text', 'text', 'text', 'float8', 'float8', 'float8', 'int4', 'int4', 'int4', 'float8', 'int4', 'int4',
  'bool', 'bool', 'bool', 'text', 'text', 'text', 'text', 'text', 'float8',
];
/**
 * `SELECT unnest($1::t1[]), unnest($2::t2[]), ...`: set-returning functions in the select list run in
 * lockstep and stream (ProjectSet), where `SELECT * FROM unnest($1, $2, ...)` first materializes every
 * row in a tuplestore that spills to disk past work_mem: 6 ms vs 80-100 ms before the first row of an
 * 8,192-span batch (EXPLAIN ANALYZE, PostgreSQL 15), a third of the insert statement.
 */
const selectUnnest = (types: readonly string[]) => `SELECT ${types.map((t, i) => `unnest($${i + 1}::${t}[])`).join(', ')}`;

const INSERT_SPANS =
  `INSERT INTO spans (${SPAN_COLUMNS.join(', ')}) ${selectUnnest(SPAN_TYPES)} ` +
  'ON CONFLICT (trace_id, span_id) DO NOTHING RETURNING trace_id, span_id, project_id';
const INSERT_CONTENT =
  'INSERT INTO span_contents (id, project_id, trace_id, span_id, direction, text, finish_reason, time_ms) ' +
  `${selectUnnest(CONTENT_TYPES)} ON CONFLICT (id) DO NOTHING RETURNING trace_id, project_id`;
const UPSERT_TRACES =
  `INSERT INTO traces (${TRACE_COLUMNS.join(', ')}) ${selectUnnest(TRACE_TYPES)} ` +
  `ON CONFLICT (trace_id) DO UPDATE SET ${TRACE_COLUMNS.filter((c) => c !== 'trace_id' && c !== 'project_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')} WHERE traces.project_id = excluded.project_id`;

type SpanKey = { traceId: string; spanId: string };
const byKey = (a: SpanKey, b: SpanKey) =>
  a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;

/** The PostgreSQL span store; the pool is shared with Prisma and closed by openDatabase's close(). */
export class PostgresSpanStore implements SpanStore {
  /**
   * Concurrent batches are safe (key-ordered inserts, per-trace advisory locks before the read-back):
   * PostgreSQL works on one transaction while the next batch is encoded and sent.
   */
  readonly maxPendingWrites = 2;

  constructor(private readonly pool: pg.Pool) {}

  async writeBatch(batch: { spans: SpanRow[]; content: ContentRow[] }, computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    if (batch.spans.length === 0 && batch.content.length === 0) return { inserted: 0, duplicates: 0, tracesUpdated: 0 };
    const receivedMs = Date.now();
    const json = makeJsonCache();
    // Key order for inserts: concurrent batches sharing spans then wait on each other, never deadlock.
    const sorted = [...batch.spans].sort(byKey);
    const spanRows = sorted.map((s) => [
      text(s.projectId), text(s.traceId), text(s.spanId), textOrNull(s.parentSpanId), text(s.name), s.kind,
      s.startTimeUnixNano, s.endTimeUnixNano, s.startMs, s.durationMs, s.statusCode, text(s.statusMessage),
      textOrNull(s.serviceName), textOrNull(s.release), textOrNull(s.environment), json(s.attributes), json(s.resource),
      json(s.events), json(s.links), JSON.stringify(s.facts), text(s.scopeName), text(s.scopeVersion), receivedMs,
    ]);
    const contentRows = batch.content.map((c) => [
      contentId(c), text(c.projectId), text(c.traceId), text(c.spanId), c.direction, text(c.text), textOrNull(c.finishReason), c.timeMs,
    ]);
    contentRows.sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
    // Encoded before taking a connection: the transaction holds its locks for the round trips only.
    const spanParams = spanRows.length > 0 ? toBinaryColumns(SPAN_TYPES, spanRows) : [];
    const contentParams = contentRows.length > 0 ? toBinaryColumns(CONTENT_TYPES, contentRows) : [];
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const owner = new Map<string, string>();
      const newSpans: SpanRow[] = [];
      const newTraceIds: string[] = [];
      const newSpanIds: string[] = [];
      let inserted = 0;
      if (spanRows.length > 0) {
        const res = await client.query<{ trace_id: string; span_id: string; project_id: string }>(INSERT_SPANS, spanParams);
        inserted = res.rowCount ?? res.rows.length;
        // Keyed by the stored ids (NUL dropped); of a span repeated in the batch, the stored (first) copy.
        const byId = new Map<string, SpanRow>();
        for (let i = 0; i < sorted.length; i++) {
          const key = (spanRows[i]![1] as string) + ':' + (spanRows[i]![2] as string);
          if (!byId.has(key)) byId.set(key, sorted[i]!);
        }
        for (const r of res.rows) {
          if (!owner.has(r.trace_id)) owner.set(r.trace_id, r.project_id);
          const s = byId.get(r.trace_id + ':' + r.span_id);
          if (s) newSpans.push(s);
          newTraceIds.push(r.trace_id);
          newSpanIds.push(r.span_id);
        }
      }
      if (contentRows.length > 0) {
        const res = await client.query<{ trace_id: string; project_id: string }>(INSERT_CONTENT, contentParams);
        for (const r of res.rows) if (!owner.has(r.trace_id)) owner.set(r.trace_id, r.project_id);
      }
      let tracesUpdated = 0;
      if (owner.size > 0) {
        const ids = [...owner.keys()].sort();
        // Serializes concurrent writers of the same trace so the last one reads every committed span.
        const idArray = toBinaryArray('text', ids);
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended(t, 0)) FROM unnest($1::text[]) AS t ORDER BY t', [idArray]);
        // Older spans only: the batch's own rows are taken from memory.
        const spans = await client.query<StoredSpanForFacts>(
          `SELECT ${FACT_SPAN_SELECT} FROM spans WHERE trace_id = ANY($1::text[]) ` +
            'AND (trace_id, span_id) NOT IN (SELECT unnest($2::text[]), unnest($3::text[]))',
          [idArray, toBinaryArray('text', newTraceIds), toBinaryArray('text', newSpanIds)],
        );
        const contents = await client.query<StoredContent>(
          'SELECT project_id, trace_id, span_id, direction, text, finish_reason, time_ms FROM span_contents WHERE trace_id = ANY($1::text[])',
          [idArray],
        );
        const traces = recomputeTraces(owner, newSpans, spans.rows, contents.rows, computeTraceFacts);
        if (traces.length > 0) {
          const updatedMs = Date.now();
          const rows = traces.map((t) => traceValues(t, updatedMs).map((v) => (typeof v === 'string' ? text(v) : v)));
          await client.query(UPSERT_TRACES, toBinaryColumns(TRACE_TYPES, rows));
        }
        tracesUpdated = traces.length;
      }
      await client.query('COMMIT');
      return { inserted, duplicates: batch.spans.length - inserted, tracesUpdated };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async listTraces(filter: TraceFilter): Promise<{ traces: TraceSummary[]; nextCursor: string | null }> {
    const args: (string | number)[] = [filter.projectId];
    const where = ['project_id = $1'];
    const add = (sql: (n: number) => string, value: string | number) => {
      args.push(value);
      where.push(sql(args.length));
    };
    if (filter.service !== undefined) add((n) => `service_name = $${n}`, filter.service);
    if (filter.release !== undefined) add((n) => `release = $${n}`, filter.release);
    if (filter.environment !== undefined) add((n) => `environment = $${n}`, filter.environment);
    if (filter.fromMs !== undefined) add((n) => `start_ms >= $${n}`, filter.fromMs);
    if (filter.toMs !== undefined) add((n) => `start_ms < $${n}`, filter.toMs);
    if (filter.cursor !== undefined) {
      const c = decodeCursor(filter.cursor);
      args.push(c.startMs, c.traceId);
      where.push(`(start_ms, trace_id) < ($${args.length - 1}::float8, $${args.length}::text)`);
    }
    const limit = Math.max(1, Math.min(1000, Math.floor(filter.limit)));
    args.push(limit + 1);
    const { rows } = await this.pool.query<{ project_id: string; trace_id: string; start_ms: number; facts: string; updated_ms: number }>(
      `SELECT project_id, trace_id, start_ms, facts, updated_ms FROM traces WHERE ${where.join(' AND ')} ` +
        `ORDER BY start_ms DESC, trace_id DESC LIMIT $${args.length}`,
      args,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor(Number(last.start_ms), last.trace_id) : null;
    return { traces: page.map(toTraceSummary), nextCursor };
  }

  async getTrace(projectId: string, traceId: string): Promise<{ trace: TraceSummary; spans: SpanRow[] } | null> {
    const t = await this.pool.query<{ project_id: string; facts: string; updated_ms: number }>(
      'SELECT project_id, facts, updated_ms FROM traces WHERE trace_id = $1 AND project_id = $2',
      [traceId, projectId],
    );
    const row = t.rows[0];
    if (!row) return null;
    const spans = await this.pool.query<StoredSpan>(
      `SELECT ${FULL_SPAN_SELECT} FROM spans WHERE trace_id = $1 AND project_id = $2 ORDER BY start_ms, span_id`,
      [traceId, projectId],
    );
    return { trace: toTraceSummary(row), spans: spans.rows.map(toSpanRow) };
  }

  async countSpans(projectId?: string): Promise<number> {
    const { rows } = projectId === undefined
      ? await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM spans')
      : await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM spans WHERE project_id = $1', [projectId]);
    return Number(rows[0]?.n ?? 0);
  }

  /** The pool is shared: openDatabase's close() ends it. */
  async close(): Promise<void> {}
}
