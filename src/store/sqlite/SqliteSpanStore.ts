/**
 * SpanStore on SQLite through better-sqlite3 (parameterized prepared statements only). This
 * connection is the single span writer; a batch is one synchronous transaction, so writeBatch
 * resolves after COMMIT (durable with synchronous=FULL, see openDatabase).
 *
 * Spans are stored as span chunks (one row per trace per commit, src/store/chunkBatch.ts). (trace_id,
 * span_id) stays unique without a per-span index: only a trace with spans stored before can meet a
 * duplicate, and for those the stored span ids are read and checked first (this connection is the
 * only writer). Rows of the `spans` table written before span chunks existed are still read
 * (getTrace, countSpans, duplicates, trace recomputation).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ComputeTraceFactsFn, PreparedBatch, SpanRow, SpanStore, TraceFilter, TraceSummary, WriteOutcome } from '../../app/ports.js';
import { decodeChunk } from '../../app/ingest/spanChunkCodec.js';
import { compareSpans } from '../../domain/facts/index.js';
import type { ReleaseStatsQuery, ReleaseStatsRows } from '../../app/stats/releaseStats.js';
import { readReleaseStatsSqlite } from './releaseStatsSql.js';
import { ChunkedSpanStore, chunkContentAt, isEmptyWrite, NOTHING_WRITTEN, type ChunkBatch, type ColumnValue } from '../chunkBatch.js';
import { ChunkInputCache, chunkInputs, uncachedChunks, type ChunkRef } from '../chunkInputCache.js';
import { batchTraceRows, noteNewContent, planChunkWrite, storedSpanIdsOf, touchedTraces, tracesToRecompute } from '../planChunkWrite.js';
import { keyColumns, traceKey, type TraceKey } from '../traceKey.js';

/** A trace as a row. */
type TraceRef = { project_id: string; trace_id: string };
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

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const bindable = (values: ColumnValue[]) => values.map((v) => (typeof v === 'boolean' ? Number(v) : v));
/**
 * The traces (project id, trace id) in the JSON array of pairs bound as the first parameter, as a
 * table `k`; joined with CROSS JOIN so SQLite looks each one up in the (project_id, trace_id) indexes.
 */
const KEYS = "WITH k(project_id, trace_id) AS (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?)) ";
const OF_KEYS = (table: string, alias: string) => `FROM k CROSS JOIN ${table} AS ${alias} ON ${alias}.project_id = k.project_id AND ${alias}.trace_id = k.trace_id`;
/** The JSON bound for KEYS. */
const keysJson = (keys: Iterable<TraceKey>) => {
  const { projectIds, traceIds } = keyColumns(keys);
  return JSON.stringify(projectIds.map((p, i) => [p, traceIds[i]]));
};

/** The SQLite span store; owns no connection lifecycle beyond close(). */
export class SqliteSpanStore extends ChunkedSpanStore implements SpanStore {
  private readonly selectStoredSpanIds: BetterSqlite3.Statement;
  private readonly selectLegacySpanIds: BetterSqlite3.Statement;
  private readonly insertChunk: BetterSqlite3.Statement;
  private readonly insertContent: BetterSqlite3.Statement;
  private readonly upsertTrace: BetterSqlite3.Statement;
  private readonly selectStoredTraces: BetterSqlite3.Statement;
  private readonly selectChunkRefs: BetterSqlite3.Statement;
  private readonly selectChunkBodies: BetterSqlite3.Statement;
  /** Decoded chunks of traces recomputed recently (a rolled-back write clears it). */
  private readonly inputCache = new ChunkInputCache();
  private readonly selectLegacyFactSpans: BetterSqlite3.Statement;
  private readonly selectContent: BetterSqlite3.Statement;
  private readonly writeTx: BetterSqlite3.Transaction<(batches: readonly ChunkBatch[], compute: ComputeTraceFactsFn) => WriteOutcome>;

  constructor(private readonly db: BetterSqlite3.Database) {
    super();
    this.insertChunk = db.prepare(
      'INSERT INTO span_chunks (project_id, trace_id, span_count, span_ids, body, received_ms) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectStoredSpanIds = db.prepare(`${KEYS}SELECT c.project_id, c.trace_id, c.span_ids ${OF_KEYS('span_chunks', 'c')}`);
    this.selectLegacySpanIds = db.prepare(`${KEYS}SELECT s.project_id, s.trace_id, s.span_id ${OF_KEYS('spans', 's')}`);
    this.insertContent = db.prepare(
      'INSERT INTO span_contents (id, project_id, trace_id, span_id, direction, text, finish_reason, time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    const updates = TRACE_COLUMNS.filter((c) => c !== 'trace_id' && c !== 'project_id').map((c) => `${c} = excluded.${c}`);
    this.upsertTrace = db.prepare(
      `INSERT INTO traces (${TRACE_COLUMNS.join(', ')}) VALUES (${placeholders(TRACE_COLUMNS.length)}) ` +
        `ON CONFLICT (project_id, trace_id) DO UPDATE SET ${updates.join(', ')}, score_pending = TRUE`,
    );
    // Of the given traces, those with spans stored already (in chunks, or as pre-chunk rows).
    this.selectStoredTraces = db.prepare(
      `${KEYS}SELECT k.project_id, k.trace_id FROM k WHERE EXISTS (SELECT 1 FROM span_chunks AS c WHERE c.project_id = k.project_id AND c.trace_id = k.trace_id) ` +
        'OR EXISTS (SELECT 1 FROM spans AS s WHERE s.trace_id = k.trace_id AND s.project_id = k.project_id)',
    );
    this.selectChunkRefs = db.prepare(`${KEYS}SELECT c.id, c.project_id, c.trace_id ${OF_KEYS('span_chunks', 'c')}`);
    this.selectChunkBodies = db.prepare('SELECT id, body FROM span_chunks WHERE id IN (SELECT value FROM json_each(?))');
    this.selectLegacyFactSpans = db.prepare(`${KEYS}SELECT ${FACT_SPAN_SELECT.split(', ').map((c) => `s.${c}`).join(', ')} ${OF_KEYS('spans', 's')}`);
    this.selectContent = db.prepare(
      `${KEYS}SELECT x.project_id, x.trace_id, x.span_id, x.direction, x.text, x.finish_reason, x.time_ms ${OF_KEYS('span_contents', 'x')}`,
    );
    this.writeTx = db.transaction((batches, compute) => this.write(batches, compute));
  }

  async writePrepared(batches: PreparedBatch[], computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    return this.writeEncoded(batches as ChunkBatch[], computeTraceFacts);
  }

  /**
   * Commits encoded batches in one immediate transaction and returns once it is committed (also the
   * span-writer worker's entry point). Throws what SQLite throws; nothing is written then.
   */
  writeEncoded(batches: readonly ChunkBatch[], computeTraceFacts: ComputeTraceFactsFn): WriteOutcome {
    if (isEmptyWrite(batches)) return { ...NOTHING_WRITTEN };
    try {
      return this.writeTx.immediate(batches, computeTraceFacts);
    } catch (error) {
      this.inputCache.clear(); // the rolled-back chunks' ids may be handed out again
      throw error;
    }
  }

  /**
   * The write transaction body. A trace takes the batch-local facts its batch carries unless it had
   * spans or content stored before, a duplicate span, or more than one chunk here (two batches, two
   * projects): then it is recomputed from everything stored (this transaction's rows included), and
   * its span ids are checked against a set of those stored and written so far.
   */
  private write(batches: readonly ChunkBatch[], compute: ComputeTraceFactsFn): WriteOutcome {
    const receivedMs = Date.now();
    const { keys, repeated } = touchedTraces(batches);
    const touchedJson = keysJson(keys);
    const recompute = new Set(repeated);
    for (const r of this.selectStoredTraces.all(touchedJson) as TraceRef[]) recompute.add(traceKey(r.project_id, r.trace_id));
    let storedSpanIds = new Map<TraceKey, Set<string>>();
    if (recompute.size > 0) {
      const json = keysJson(recompute);
      storedSpanIds = storedSpanIdsOf(
        this.selectStoredSpanIds.all(json) as (TraceRef & { span_ids: string })[],
        this.selectLegacySpanIds.all(json) as (TraceRef & { span_id: string })[],
      );
    }
    for (const c of this.selectContent.all(touchedJson) as StoredContent[]) recompute.add(traceKey(c.project_id, c.trace_id));

    const plan = planChunkWrite(batches, recompute, storedSpanIds);
    for (const c of plan.chunks) this.insertChunk.run(c.projectId, c.traceId, c.spanCount, c.spanIds, c.body, receivedMs);
    for (const batch of batches) {
      for (let i = 0; i < batch.contentCount; i++) {
        const c = chunkContentAt(batch, i);
        const { changes } = this.insertContent.run(contentId(c), c.projectId, c.traceId, c.spanId, c.direction, c.text, c.finishReason, c.timeMs);
        if (changes > 0) noteNewContent(plan, c.projectId, c.traceId);
      }
    }

    const updatedMs = Date.now();
    const traceRows = batchTraceRows(batches, plan, updatedMs);
    for (const row of traceRows) this.upsertTrace.run(bindable(row));
    let tracesUpdated = traceRows.length;
    const full = tracesToRecompute(plan);
    if (full.size > 0) {
      const json = keysJson(full);
      const chunks = this.selectChunkRefs.all(json) as ChunkRef[];
      const missing = uncachedChunks(this.inputCache, chunks);
      const bodies = missing.length > 0 ? (this.selectChunkBodies.all(JSON.stringify(missing)) as { id: number; body: Buffer }[]) : [];
      const spans = chunkInputs(this.inputCache, chunks, bodies);
      const legacy = this.selectLegacyFactSpans.all(json) as StoredSpanForFacts[];
      const contents = this.selectContent.all(json) as StoredContent[]; // this transaction's content included
      for (const t of recomputeTraces(full, spans, legacy, contents, compute)) {
        this.upsertTrace.run(bindable(traceValues(t, updatedMs)));
        tracesUpdated++;
      }
    }
    return { inserted: plan.inserted, duplicates: plan.spanCount - plan.inserted, tracesUpdated };
  }

  async listTraces(filter: TraceFilter): Promise<{ traces: TraceSummary[]; nextCursor: string | null }> {
    const where = ['project_id = ?'];
    const args: (string | number)[] = [filter.projectId];
    if (filter.service !== undefined) (where.push('service_name = ?'), args.push(filter.service));
    if (filter.release !== undefined) (where.push('release = ?'), args.push(filter.release));
    if (filter.environment !== undefined) (where.push('environment = ?'), args.push(filter.environment));
    if (filter.fromMs !== undefined) (where.push('start_ms >= ?'), args.push(filter.fromMs));
    if (filter.toMs !== undefined) (where.push('start_ms < ?'), args.push(filter.toMs));
    if (filter.error !== undefined) where.push(filter.error ? 'error' : 'NOT error');
    if (filter.cursor !== undefined) {
      const c = decodeCursor(filter.cursor);
      where.push('(start_ms < ? OR (start_ms = ? AND trace_id < ?))');
      args.push(c.startMs, c.startMs, c.traceId);
    }
    const limit = Math.max(1, Math.min(1000, Math.floor(filter.limit)));
    const rows = this.db
      .prepare(
        `SELECT project_id, trace_id, start_ms, facts, updated_ms FROM traces WHERE ${where.join(' AND ')} ` +
          'ORDER BY start_ms DESC, trace_id DESC LIMIT ?',
      )
      .all(...args, limit + 1) as { project_id: string; trace_id: string; start_ms: number; facts: string; updated_ms: number }[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor(last.start_ms, last.trace_id) : null;
    return { traces: page.map(toTraceSummary), nextCursor };
  }

  async getTrace(projectId: string, traceId: string): Promise<{ trace: TraceSummary; spans: SpanRow[] } | null> {
    const row = this.db.prepare('SELECT project_id, facts, updated_ms FROM traces WHERE trace_id = ? AND project_id = ?').get(traceId, projectId) as
      | { project_id: string; facts: string; updated_ms: number }
      | undefined;
    if (!row) return null;
    const chunks = this.db.prepare('SELECT body FROM span_chunks WHERE trace_id = ? AND project_id = ?').all(traceId, projectId) as { body: Buffer }[];
    const legacy = this.db
      .prepare(`SELECT ${FULL_SPAN_SELECT} FROM spans WHERE trace_id = ? AND project_id = ?`)
      .all(traceId, projectId) as StoredSpan[];
    const spans = chunks.flatMap((c) => decodeChunk(projectId, c.body)).concat(legacy.map(toSpanRow));
    spans.sort(compareSpans);
    return { trace: toTraceSummary(row), spans };
  }

  async hasTrace(projectId: string, traceId: string): Promise<boolean> {
    return this.db.prepare('SELECT 1 FROM traces WHERE project_id = ? AND trace_id = ?').get(projectId, traceId) !== undefined;
  }

  async releaseStats(query: ReleaseStatsQuery): Promise<ReleaseStatsRows> {
    return readReleaseStatsSqlite(this.db, query);
  }

  async countSpans(projectId?: string): Promise<number> {
    const row = (projectId === undefined
      ? this.db.prepare('SELECT (SELECT COALESCE(SUM(span_count), 0) FROM span_chunks) + (SELECT COUNT(*) FROM spans) AS n').get()
      : this.db
          .prepare('SELECT (SELECT COALESCE(SUM(span_count), 0) FROM span_chunks WHERE project_id = ?) + (SELECT COUNT(*) FROM spans WHERE project_id = ?) AS n')
          .get(projectId, projectId)) as { n: number };
    return Number(row.n);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
