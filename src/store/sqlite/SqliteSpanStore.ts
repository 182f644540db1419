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
import type { ComputeTraceFactsFn, ContentRow, PreparedBatch, SpanRow, SpanStore, TraceFilter, TraceSummary, WriteOutcome } from '../../app/ports.js';
import { decodeChunk } from '../../app/ingest/spanChunkCodec.js';
import {
  chunkBody,
  chunkContentAt,
  chunkId,
  chunkIdRange,
  encodeChunkBatch,
  hasTraceRow,
  traceRowAt,
  type ChunkBatch,
  type ColumnValue,
} from '../chunkBatch.js';
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

/** Whether `id` (16 characters) occurs in `ids` at a multiple of 16. */
const isAt16 = (ids: string, id: string): boolean => {
  for (let o = ids.indexOf(id); o !== -1; o = ids.indexOf(id, o + 1)) if (o % 16 === 0) return true;
  return false;
};
const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const bindable = (values: ColumnValue[]) => values.map((v) => (typeof v === 'boolean' ? Number(v) : v));
/** Chunks of the trace ids in the JSON array bound as the first parameter. */
const CHUNKS_OF_TRACES = "FROM json_each(?) AS j JOIN span_chunks AS c ON c.id >= j.value || ':' AND c.id < j.value || ';'";

/** The SQLite span store; owns no connection lifecycle beyond close(). */
export class SqliteSpanStore implements SpanStore {
  private readonly selectStoredSpanIds: BetterSqlite3.Statement;
  private readonly selectLegacySpanIds: BetterSqlite3.Statement;
  private readonly insertChunk: BetterSqlite3.Statement;
  private readonly insertContent: BetterSqlite3.Statement;
  private readonly upsertTrace: BetterSqlite3.Statement;
  private readonly selectStoredTraces: BetterSqlite3.Statement;
  private readonly selectChunks: BetterSqlite3.Statement;
  private readonly selectLegacyFactSpans: BetterSqlite3.Statement;
  private readonly selectContent: BetterSqlite3.Statement;
  private readonly writeTx: BetterSqlite3.Transaction<(batches: readonly ChunkBatch[], compute: ComputeTraceFactsFn) => WriteOutcome>;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.insertChunk = db.prepare(
      'INSERT INTO span_chunks (id, project_id, trace_id, span_count, span_ids, body, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.selectStoredSpanIds = db.prepare(`SELECT c.trace_id, c.span_ids ${CHUNKS_OF_TRACES}`);
    this.selectLegacySpanIds = db.prepare('SELECT trace_id, span_id FROM spans WHERE trace_id IN (SELECT value FROM json_each(?))');
    this.insertContent = db.prepare(
      'INSERT INTO span_contents (id, project_id, trace_id, span_id, direction, text, finish_reason, time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    const updates = TRACE_COLUMNS.filter((c) => c !== 'trace_id' && c !== 'project_id').map((c) => `${c} = excluded.${c}`);
    this.upsertTrace = db.prepare(
      `INSERT INTO traces (${TRACE_COLUMNS.join(', ')}) VALUES (${placeholders(TRACE_COLUMNS.length)}) ` +
        // A trace id already owned by another project is left alone (project isolation).
        `ON CONFLICT (trace_id) DO UPDATE SET ${updates.join(', ')} WHERE traces.project_id = excluded.project_id`,
    );
    // Of the given trace ids, those with spans stored already (in chunks, or as pre-chunk rows).
    this.selectStoredTraces = db.prepare(
      "SELECT j.value AS trace_id FROM json_each(?) AS j WHERE EXISTS (SELECT 1 FROM span_chunks WHERE id >= j.value || ':' AND id < j.value || ';') " +
        'OR EXISTS (SELECT 1 FROM spans WHERE trace_id = j.value)',
    );
    this.selectChunks = db.prepare(`SELECT c.project_id, c.body ${CHUNKS_OF_TRACES}`);
    this.selectLegacyFactSpans = db.prepare(`SELECT ${FACT_SPAN_SELECT} FROM spans WHERE trace_id IN (SELECT value FROM json_each(?))`);
    this.selectContent = db.prepare(
      'SELECT project_id, trace_id, span_id, direction, text, finish_reason, time_ms FROM span_contents WHERE trace_id IN (SELECT value FROM json_each(?))',
    );
    this.writeTx = db.transaction((batches, compute) => this.write(batches, compute));
  }

  async writeBatch(batch: { spans: SpanRow[]; content: ContentRow[] }, computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    return this.writeEncoded([this.prepareBatch(batch, computeTraceFacts)], computeTraceFacts);
  }

  prepareBatch(batch: { spans: SpanRow[]; content: ContentRow[] }, computeTraceFacts: ComputeTraceFactsFn): ChunkBatch {
    return encodeChunkBatch(batch, computeTraceFacts);
  }

  async writePrepared(batches: PreparedBatch[], computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    return this.writeEncoded(batches as ChunkBatch[], computeTraceFacts);
  }

  /**
   * Commits encoded batches in one immediate transaction and returns once it is committed (also the
   * span-writer worker's entry point). Throws what SQLite throws; nothing is written then.
   */
  writeEncoded(batches: readonly ChunkBatch[], computeTraceFacts: ComputeTraceFactsFn): WriteOutcome {
    if (batches.every((b) => b.spanCount === 0 && b.contentCount === 0)) return { inserted: 0, duplicates: 0, tracesUpdated: 0 };
    return this.writeTx.immediate(batches, computeTraceFacts);
  }

  /**
   * The write transaction body. A trace takes the batch-local facts its batch carries unless it had
   * spans or content stored before, a duplicate span, or more than one chunk here (two batches, two
   * projects): then it is recomputed from everything stored (this transaction's rows included), and
   * its span ids are checked against a set of those stored and written so far.
   */
  private write(batches: readonly ChunkBatch[], compute: ComputeTraceFactsFn): WriteOutcome {
    const receivedMs = Date.now();
    const recompute = new Set<string>();
    const touched = new Set<string>();
    for (const batch of batches) {
      for (const traceId of batch.traceIds) {
        if (touched.has(traceId)) recompute.add(traceId); // in two chunks: two batches, or two projects
        touched.add(traceId);
      }
      for (let i = 0; i < batch.contentCount; i++) touched.add(chunkContentAt(batch, i).traceId);
    }
    const touchedJson = JSON.stringify([...touched]);
    for (const r of this.selectStoredTraces.all(touchedJson) as { trace_id: string }[]) recompute.add(r.trace_id);
    // Span ids already stored, per trace: of the traces stored before only (no other can hold one).
    const stored = new Map<string, Set<string>>();
    const storedOf = (traceId: string) => {
      let ids = stored.get(traceId);
      if (!ids) stored.set(traceId, (ids = new Set()));
      return ids;
    };
    if (recompute.size > 0) {
      const storedJson = JSON.stringify([...recompute]);
      for (const r of this.selectStoredSpanIds.all(storedJson) as { trace_id: string; span_ids: string }[]) {
        const ids = storedOf(r.trace_id);
        for (let o = 0; o < r.span_ids.length; o += 16) ids.add(r.span_ids.slice(o, o + 16));
      }
      for (const r of this.selectLegacySpanIds.all(storedJson) as { trace_id: string; span_id: string }[]) storedOf(r.trace_id).add(r.span_id);
    }
    for (const c of this.selectContent.all(touchedJson) as StoredContent[]) recompute.add(c.trace_id);

    const owner = new Map<string, string>();
    let inserted = 0;
    let spanCount = 0;
    for (const batch of batches) {
      spanCount += batch.spanCount;
      for (let c = 0; c < batch.chunkCount; c++) {
        const traceId = batch.traceIds[c]!;
        const projectId = batch.projectIds[c]!;
        // A span id seen before (stored, or earlier in this transaction) is a duplicate.
        const ids = stored.get(traceId) ?? (recompute.has(traceId) ? storedOf(traceId) : null);
        let spanIds = '';
        let duplicate = false;
        const chunk = chunkBody(batch, c, (i) => {
          const spanId = batch.spanIds[i]!;
          if (ids ? ids.has(spanId) : spanIds.includes(spanId) && isAt16(spanIds, spanId)) {
            duplicate = true;
            return false;
          }
          ids?.add(spanId);
          spanIds += spanId;
          return true;
        });
        if (duplicate) recompute.add(traceId);
        if (!chunk) continue;
        this.insertChunk.run(chunkId(traceId, chunk.firstSpanId), projectId, traceId, chunk.spans, spanIds, chunk.body, receivedMs);
        inserted += chunk.spans;
        const first = owner.get(traceId);
        if (first === undefined) owner.set(traceId, projectId);
        else if (first !== projectId) recompute.add(traceId);
      }
      for (let i = 0; i < batch.contentCount; i++) {
        const c = chunkContentAt(batch, i);
        const { changes } = this.insertContent.run(contentId(c), c.projectId, c.traceId, c.spanId, c.direction, c.text, c.finishReason, c.timeMs);
        if (changes > 0) {
          if (!owner.has(c.traceId)) owner.set(c.traceId, c.projectId);
          recompute.add(c.traceId);
        }
      }
    }

    const updatedMs = Date.now();
    let tracesUpdated = 0;
    for (const batch of batches) {
      for (let c = 0; c < batch.chunkCount; c++) {
        const traceId = batch.traceIds[c]!;
        if (owner.get(traceId) !== batch.projectIds[c] || recompute.has(traceId) || !hasTraceRow(batch, c)) continue;
        this.upsertTrace.run(bindable(traceRowAt(batch, c, updatedMs)));
        tracesUpdated++;
      }
    }
    const full = new Map([...owner].filter(([traceId]) => recompute.has(traceId)));
    if (full.size > 0) {
      const ids = JSON.stringify([...full.keys()]);
      const spans: SpanRow[] = [];
      for (const r of this.selectChunks.all(ids) as { project_id: string; body: Buffer }[]) spans.push(...decodeChunk(r.project_id, r.body));
      const legacy = this.selectLegacyFactSpans.all(ids) as StoredSpanForFacts[];
      const contents = this.selectContent.all(ids) as StoredContent[]; // this transaction's content included
      for (const t of recomputeTraces(full, spans, legacy, contents, compute)) {
        this.upsertTrace.run(bindable(traceValues(t, updatedMs)));
        tracesUpdated++;
      }
    }
    return { inserted, duplicates: spanCount - inserted, tracesUpdated };
  }

  async listTraces(filter: TraceFilter): Promise<{ traces: TraceSummary[]; nextCursor: string | null }> {
    const where = ['project_id = ?'];
    const args: (string | number)[] = [filter.projectId];
    if (filter.service !== undefined) (where.push('service_name = ?'), args.push(filter.service));
    if (filter.release !== undefined) (where.push('release = ?'), args.push(filter.release));
    if (filter.environment !== undefined) (where.push('environment = ?'), args.push(filter.environment));
    if (filter.fromMs !== undefined) (where.push('start_ms >= ?'), args.push(filter.fromMs));
    if (filter.toMs !== undefined) (where.push('start_ms < ?'), args.push(filter.toMs));
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
    const [low, high] = chunkIdRange(traceId);
    const chunks = this.db
      .prepare('SELECT body FROM span_chunks WHERE id >= ? AND id < ? AND project_id = ?')
      .all(low, high, projectId) as { body: Buffer }[];
    const legacy = this.db
      .prepare(`SELECT ${FULL_SPAN_SELECT} FROM spans WHERE trace_id = ? AND project_id = ?`)
      .all(traceId, projectId) as StoredSpan[];
    const spans = chunks.flatMap((c) => decodeChunk(projectId, c.body)).concat(legacy.map(toSpanRow));
    spans.sort((a, b) => a.startMs - b.startMs || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
    return { trace: toTraceSummary(row), spans };
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
