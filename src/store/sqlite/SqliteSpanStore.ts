/**
 * SpanStore on SQLite through better-sqlite3 (parameterized prepared statements only). This
 * connection is the single span writer; a batch is one synchronous transaction, so writeBatch
 * resolves after COMMIT (durable with synchronous=FULL, see openDatabase).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ComputeTraceFactsFn, ContentRow, SpanRow, SpanStore, TraceFilter, TraceSummary, WriteOutcome } from '../../app/ports.js';
import {
  contentId,
  decodeCursor,
  encodeCursor,
  FACT_SPAN_SELECT,
  FULL_SPAN_SELECT,
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
import { contentAt, encodeSpanBatch, spanForFactsAt, spanValuesAt, type EncodedSpanBatch } from './encodeSpanBatch.js';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** The SQLite span store; owns no connection lifecycle beyond close(). */
export class SqliteSpanStore implements SpanStore {
  private readonly insertSpan: BetterSqlite3.Statement;
  private readonly insertContent: BetterSqlite3.Statement;
  private readonly upsertTrace: BetterSqlite3.Statement;
  private readonly selectFactSpans: BetterSqlite3.Statement;
  private readonly selectContent: BetterSqlite3.Statement;
  private readonly selectMaxRowid: BetterSqlite3.Statement;
  private readonly writeTx: BetterSqlite3.Transaction<
    (batch: EncodedSpanBatch, compute: ComputeTraceFactsFn, rows: readonly SpanRow[] | undefined) => WriteOutcome
  >;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.insertSpan = db.prepare(
      `INSERT INTO spans (${SPAN_COLUMNS.join(', ')}) VALUES (${placeholders(SPAN_COLUMNS.length)}) ON CONFLICT (trace_id, span_id) DO NOTHING`,
    );
    this.insertContent = db.prepare(
      'INSERT INTO span_contents (id, project_id, trace_id, span_id, direction, text, finish_reason, time_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
    );
    const updates = TRACE_COLUMNS.filter((c) => c !== 'trace_id' && c !== 'project_id').map((c) => `${c} = excluded.${c}`);
    this.upsertTrace = db.prepare(
      `INSERT INTO traces (${TRACE_COLUMNS.join(', ')}) VALUES (${placeholders(TRACE_COLUMNS.length)}) ` +
        // A trace id already owned by another project is left alone (project isolation).
        `ON CONFLICT (trace_id) DO UPDATE SET ${updates.join(', ')} WHERE traces.project_id = excluded.project_id`,
    );
    // Only rows that existed before this transaction (rowid <= max before it): the batch's own spans
    // are taken from memory. Rowids grow monotonically; were they ever reused, recomputeTraces dedupes.
    this.selectFactSpans = db.prepare(`SELECT ${FACT_SPAN_SELECT} FROM spans WHERE trace_id IN (SELECT value FROM json_each(?)) AND rowid <= ?`);
    this.selectMaxRowid = db.prepare('SELECT COALESCE(MAX(rowid), 0) AS m FROM spans');
    this.selectContent = db.prepare(
      'SELECT project_id, trace_id, span_id, direction, text, finish_reason, time_ms FROM span_contents WHERE trace_id IN (SELECT value FROM json_each(?))',
    );
    this.writeTx = db.transaction((batch, compute, rows) => this.write(batch, compute, rows));
  }

  async writeBatch(batch: { spans: SpanRow[]; content: ContentRow[] }, computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    if (batch.spans.length === 0 && batch.content.length === 0) return { inserted: 0, duplicates: 0, tracesUpdated: 0 };
    return this.writeTx.immediate(encodeSpanBatch(batch), computeTraceFacts, batch.spans);
  }

  /**
   * Commits an already encoded batch in one immediate transaction and returns once it is committed
   * (the span-writer worker's entry point). Throws what SQLite throws; nothing is written then.
   */
  writeEncoded(batch: EncodedSpanBatch, computeTraceFacts: ComputeTraceFactsFn): WriteOutcome {
    if (batch.spanCount === 0 && batch.contentCount === 0) return { inserted: 0, duplicates: 0, tracesUpdated: 0 };
    return this.writeTx.immediate(batch, computeTraceFacts, undefined);
  }

  /** The write transaction body; `rows` (same order as the batch) spares re-parsing the facts of new spans. */
  private write(batch: EncodedSpanBatch, compute: ComputeTraceFactsFn, rows: readonly SpanRow[] | undefined): WriteOutcome {
    const receivedMs = Date.now();
    const owner = new Map<string, string>();
    const newSpans: SpanRow[] = [];
    const newStored: StoredSpanForFacts[] = [];
    const { m: rowidBefore } = this.selectMaxRowid.get() as { m: number };
    let inserted = 0;
    for (let i = 0; i < batch.spanCount; i++) {
      const values = spanValuesAt(batch, i);
      values.push(receivedMs);
      if (this.insertSpan.run(values).changes > 0) {
        inserted++;
        const traceId = values[1] as string;
        if (!owner.has(traceId)) owner.set(traceId, values[0] as string);
        // Inserted now, so absent from the read-back below (rowid > rowidBefore): no overlap.
        if (rows) newSpans.push(rows[i]!);
        else newStored.push(spanForFactsAt(batch, i));
      }
    }
    for (let i = 0; i < batch.contentCount; i++) {
      const c = contentAt(batch, i);
      const { changes } = this.insertContent.run(contentId(c), c.projectId, c.traceId, c.spanId, c.direction, c.text, c.finishReason, c.timeMs);
      if (changes > 0 && !owner.has(c.traceId)) owner.set(c.traceId, c.projectId);
    }
    let tracesUpdated = 0;
    if (owner.size > 0) {
      const ids = JSON.stringify([...owner.keys()]);
      const stored = this.selectFactSpans.all(ids, rowidBefore) as StoredSpanForFacts[];
      const traces = recomputeTraces(
        owner,
        newSpans,
        newStored.length > 0 ? stored.concat(newStored) : stored,
        this.selectContent.all(ids) as StoredContent[],
        compute,
      );
      const updatedMs = Date.now();
      for (const t of traces) {
        this.upsertTrace.run(traceValues(t, updatedMs).map((v) => (typeof v === 'boolean' ? Number(v) : v)));
      }
      tracesUpdated = traces.length;
    }
    return { inserted, duplicates: batch.spanCount - inserted, tracesUpdated };
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
    const spans = this.db
      .prepare(`SELECT ${FULL_SPAN_SELECT} FROM spans WHERE trace_id = ? AND project_id = ? ORDER BY start_ms, span_id`)
      .all(traceId, projectId) as StoredSpan[];
    return { trace: toTraceSummary(row), spans: spans.map(toSpanRow) };
  }

  async countSpans(projectId?: string): Promise<number> {
    const row = (projectId === undefined
      ? this.db.prepare('SELECT COUNT(*) AS n FROM spans').get()
      : this.db.prepare('SELECT COUNT(*) AS n FROM spans WHERE project_id = ?').get(projectId)) as { n: number };
    return Number(row.n);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
