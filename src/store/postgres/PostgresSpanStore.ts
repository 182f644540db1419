/**
 * SpanStore on PostgreSQL through pg (parameterized SQL only). A batch is one transaction: the
 * affected traces are locked (advisory locks, in trace id order), checked for spans stored before,
 * then span chunks (src/store/chunkBatch.ts), content and trace rows go in with
 * `INSERT ... SELECT unnest($1), unnest($2), ...`, one round trip each, the arrays sent in
 * PostgreSQL's binary format (toBinaryColumns: no text-literal escaping on either side);
 * writeBatch resolves after COMMIT (synchronous_commit makes it durable). (trace_id, span_id) stays
 * unique without a per-span index: only a trace stored before can meet a duplicate, and its stored
 * span ids are checked under the trace's lock. Rows of `spans` from before span chunks are still read.
 */
import type pg from 'pg';
import type {
  ComputeTraceFactsFn,
  PreparedBatch,
  SpanRow,
  SpanStore,
  TraceFilter,
  TraceSummary,
  WriteOutcome,
} from '../../app/ports.js';
import { decodeChunk } from '../../app/ingest/spanChunkCodec.js';
import { compareSpans } from '../../domain/facts/index.js';
import type { ReleaseStatsQuery, ReleaseStatsRows } from '../../app/stats/releaseStats.js';
import { readReleaseStatsPostgres } from './releaseStatsSql.js';
import { ChunkedSpanStore, chunkContentAt, isEmptyWrite, NOTHING_WRITTEN, type ChunkBatch, type ColumnValue } from '../chunkBatch.js';
import { ChunkInputCache, chunkInputsYielding, uncachedChunks, type ChunkRef } from '../chunkInputCache.js';
import { batchTraceRows, noteNewContent, planChunkWrite, storedSpanIdsOf, touchedTraces, tracesToRecompute } from '../planChunkWrite.js';
import { keyColumns, traceKey, type TraceKey } from '../traceKey.js';
import {
  contentId,
  decodeCursor,
  encodeCursor,
  FACT_SPAN_SELECT,
  FULL_SPAN_SELECT,
  recomputeTraces,
  TRACE_COLUMNS,
  toSpanRow,
  toTraceSummary,
  traceValues,
  type StoredContent,
  type StoredSpan,
  type StoredSpanForFacts,
} from '../spanRowCodec.js';
import { LOCK_TRACES } from './traceLocks.js';
import { toBinaryArray, toBinaryColumns, type PgArrayType } from './toBinaryColumns.js';

/** PostgreSQL TEXT cannot hold NUL characters: drop them rather than fail the whole batch. */
const text = (s: string): string => (s.includes('\0') ? s.replaceAll('\0', '') : s);
const textOrNull = (s: string | null): string | null => (s === null ? null : text(s));
const textValue = (v: ColumnValue): ColumnValue => (typeof v === 'string' ? text(v) : v);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Content rows ordered by their first value (the hash id). */
const byFirstValue = (a: readonly unknown[], b: readonly unknown[]) => compareText(a[0] as string, b[0] as string);
/** Trace rows (trace_id, project_id, ...) ordered by project, then trace id. */
const byTraceKey = (a: readonly unknown[], b: readonly unknown[]) => compareText(a[1] as string, b[1] as string) || compareText(a[0] as string, b[0] as string);

const CHUNK_TYPES: readonly PgArrayType[] = ['text', 'text', 'int4', 'text', 'bytea', 'float8'];
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

const INSERT_CHUNKS = `INSERT INTO span_chunks (project_id, trace_id, span_count, span_ids, body, received_ms) ${selectUnnest(CHUNK_TYPES)}`;
const INSERT_CONTENT =
  'INSERT INTO span_contents (id, project_id, trace_id, span_id, direction, text, finish_reason, time_ms) ' +
  `${selectUnnest(CONTENT_TYPES)} ON CONFLICT (id) DO NOTHING RETURNING trace_id, project_id`;
const UPSERT_TRACES =
  `INSERT INTO traces (${TRACE_COLUMNS.join(', ')}) ${selectUnnest(TRACE_TYPES)} ` +
  `ON CONFLICT (project_id, trace_id) DO UPDATE SET ${TRACE_COLUMNS.filter((c) => c !== 'trace_id' && c !== 'project_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}, score_pending = TRUE`;
/** The traces ($1 project ids, $2 trace ids, parallel arrays) as a table `k(p, t)`. */
const KEYS = 'unnest($1::text[], $2::text[]) AS k(p, t)';
const OF_KEYS = (table: string, alias: string) => `FROM ${KEYS} JOIN ${table} AS ${alias} ON ${alias}.project_id = k.p AND ${alias}.trace_id = k.t`;
const STORED_TRACES =
  `SELECT k.p AS project_id, k.t AS trace_id FROM ${KEYS} ` +
  'WHERE EXISTS (SELECT 1 FROM span_chunks AS c WHERE c.project_id = k.p AND c.trace_id = k.t) ' +
  'OR EXISTS (SELECT 1 FROM spans AS s WHERE s.trace_id = k.t AND s.project_id = k.p)';
const STORED_SPAN_IDS = `SELECT c.project_id, c.trace_id, c.span_ids ${OF_KEYS('span_chunks', 'c')}`;
const LEGACY_SPAN_IDS = `SELECT s.project_id, s.trace_id, s.span_id ${OF_KEYS('spans', 's')}`;
const CHUNK_REFS = `SELECT c.id, c.project_id, c.trace_id ${OF_KEYS('span_chunks', 'c')}`;
const LEGACY_FACT_SPANS = `SELECT ${FACT_SPAN_SELECT.split(', ').map((c) => `s.${c}`).join(', ')} ${OF_KEYS('spans', 's')}`;
const CONTENT_OF_TRACES =
  `SELECT x.project_id, x.trace_id, x.span_id, x.direction, x.text, x.finish_reason, x.time_ms ${OF_KEYS('span_contents', 'x')}`;
/** The two array parameters of KEYS. */
const keyParams = (keys: Iterable<TraceKey>) => {
  const { projectIds, traceIds } = keyColumns(keys);
  return [toBinaryArray('text', projectIds.map(text)), toBinaryArray('text', traceIds.map(text))];
};
/** A trace as a row. */
type TraceRef = { project_id: string; trace_id: string };

/** The PostgreSQL span store; the pool is shared with Prisma and closed by openDatabase's close(). */
export class PostgresSpanStore extends ChunkedSpanStore implements SpanStore {
  /**
   * Concurrent batches are safe (per-trace advisory locks, taken in trace id order before anything is
   * read or written): PostgreSQL works on one transaction while the next batch is encoded and sent.
   */
  readonly maxPendingWrites = 2;
  /** Decoded chunks of traces recomputed recently (ids come from a sequence: never reused). */
  private readonly inputCache = new ChunkInputCache();

  constructor(private readonly pool: pg.Pool) {
    super();
  }

  async writePrepared(prepared: PreparedBatch[], computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    const batches = prepared as ChunkBatch[];
    if (isEmptyWrite(batches)) return { ...NOTHING_WRITTEN };
    const receivedMs = Date.now();
    const { keys, repeated } = touchedTraces(batches);
    const touched = keyParams(keys);
    const contentRows: unknown[][] = [];
    for (const batch of batches) {
      for (let i = 0; i < batch.contentCount; i++) {
        const c = chunkContentAt(batch, i);
        contentRows.push([contentId(c), text(c.projectId), text(c.traceId), text(c.spanId), c.direction, text(c.text), textOrNull(c.finishReason), c.timeMs]);
      }
    }
    contentRows.sort(byFirstValue);
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // Serializes writers of the same trace: the checks below see every committed span of it.
      await client.query(LOCK_TRACES, touched);
      const recompute = new Set(repeated);
      for (const r of (await client.query<TraceRef>(STORED_TRACES, touched)).rows) recompute.add(traceKey(r.project_id, r.trace_id));
      let storedSpanIds = new Map<TraceKey, Set<string>>();
      if (recompute.size > 0) {
        const stored = keyParams(recompute);
        const chunkIds = await client.query<TraceRef & { span_ids: string }>(STORED_SPAN_IDS, stored);
        const legacy = await client.query<TraceRef & { span_id: string }>(LEGACY_SPAN_IDS, stored);
        storedSpanIds = storedSpanIdsOf(chunkIds.rows, legacy.rows);
      }
      for (const c of (await client.query<StoredContent>(CONTENT_OF_TRACES, touched)).rows) recompute.add(traceKey(c.project_id, c.trace_id));

      const plan = planChunkWrite(batches, recompute, storedSpanIds);
      if (plan.chunks.length > 0) {
        const rows = plan.chunks.map((c) => [text(c.projectId), text(c.traceId), c.spanCount, text(c.spanIds), c.body, receivedMs]);
        await client.query(INSERT_CHUNKS, toBinaryColumns(CHUNK_TYPES, rows));
      }
      if (contentRows.length > 0) {
        const res = await client.query<TraceRef>(INSERT_CONTENT, toBinaryColumns(CONTENT_TYPES, contentRows));
        for (const r of res.rows) noteNewContent(plan, r.project_id, r.trace_id);
      }

      const updatedMs = Date.now();
      const traceRows = batchTraceRows(batches, plan, updatedMs).map((row) => row.map(textValue));
      const full = tracesToRecompute(plan);
      if (full.size > 0) {
        const fullParams = keyParams(full);
        const chunks = (await client.query<ChunkRef>(CHUNK_REFS, fullParams)).rows;
        const missing = uncachedChunks(this.inputCache, chunks);
        const bodies = missing.length > 0
          ? (await client.query<{ id: number; body: Buffer }>('SELECT id, body FROM span_chunks WHERE id = ANY($1::int4[])', [toBinaryArray('int4', missing)])).rows
          : [];
        // Decoded with yields: a big trace's recompute must not hold the event loop (HTTP, /healthz).
        const spans = await chunkInputsYielding(this.inputCache, chunks, bodies);
        const legacy = await client.query<StoredSpanForFacts>(LEGACY_FACT_SPANS, fullParams);
        const contents = await client.query<StoredContent>(CONTENT_OF_TRACES, fullParams); // this transaction's content included
        for (const t of recomputeTraces(full, spans, legacy.rows, contents.rows, computeTraceFacts)) {
          traceRows.push(traceValues(t, updatedMs).map(textValue));
        }
      }
      if (traceRows.length > 0) {
        // (project, trace) order, like the locks.
        traceRows.sort(byTraceKey);
        await client.query(UPSERT_TRACES, toBinaryColumns(TRACE_TYPES, traceRows));
      }
      await client.query('COMMIT');
      return { inserted: plan.inserted, duplicates: plan.spanCount - plan.inserted, tracesUpdated: traceRows.length };
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
    if (filter.error !== undefined) where.push(filter.error ? 'error' : 'NOT error');
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
    const chunks = await this.pool.query<{ body: Buffer }>('SELECT body FROM span_chunks WHERE trace_id = $1 AND project_id = $2', [traceId, projectId]);
    const legacy = await this.pool.query<StoredSpan>(`SELECT ${FULL_SPAN_SELECT} FROM spans WHERE trace_id = $1 AND project_id = $2`, [traceId, projectId]);
    const spans = chunks.rows.flatMap((c) => decodeChunk(projectId, c.body)).concat(legacy.rows.map(toSpanRow));
    spans.sort(compareSpans);
    return { trace: toTraceSummary(row), spans };
  }

  async hasTrace(projectId: string, traceId: string): Promise<boolean> {
    return (await this.pool.query('SELECT 1 FROM traces WHERE project_id = $1 AND trace_id = $2', [projectId, traceId])).rowCount! > 0;
  }

  releaseStats(query: ReleaseStatsQuery): Promise<ReleaseStatsRows> {
    return readReleaseStatsPostgres(this.pool, query);
  }

  async countSpans(projectId?: string): Promise<number> {
    const { rows } = projectId === undefined
      ? await this.pool.query<{ n: string }>('SELECT (SELECT COALESCE(SUM(span_count), 0) FROM span_chunks) + (SELECT COUNT(*) FROM spans) AS n')
      : await this.pool.query<{ n: string }>(
          'SELECT (SELECT COALESCE(SUM(span_count), 0) FROM span_chunks WHERE project_id = $1) + (SELECT COUNT(*) FROM spans WHERE project_id = $1) AS n',
          [projectId],
        );
    return Number(rows[0]?.n ?? 0);
  }

  /** The pool is shared: openDatabase's close() ends it. */
  async close(): Promise<void> {}
}
