/**
 * A write batch as span chunks (src/app/ingest/spanChunkCodec.ts), grouped per (project, trace) and
 * sorted by trace id, in flat arrays and one byte buffer: what both span stores bind, and what the
 * main thread posts to the SQLite span-writer worker (typed arrays and bytes are copied by memcpy).
 *
 * It also carries each trace's facts computed from the batch's own spans. A store uses them as they
 * are when the trace had nothing stored before and none of its spans was a duplicate (the common case:
 * a trace exported whole); otherwise it recomputes the trace from everything stored.
 */
import type { ComputeTraceFactsFn, ContentRow, FactsDirective, PreparedBatch, SpanRow, WriteOutcome } from '../app/ports.js';
import { ByteWriter, writeChunkHeader, writeChunkRecord } from '../app/ingest/spanChunkCodec.js';
import { compareSpans } from '../domain/facts/index.js';
import type { TraceFacts } from '../domain/facts/types.js';
import { spanInputOf, TRACE_COLUMNS, traceValues } from './spanRowCodec.js';
import { traceKey, type TraceKey } from './traceKey.js';

/** A column value as bound to the database. */
export type ColumnValue = string | number | boolean | null;

/** Values per trace in ChunkBatch.traceRows: TRACE_COLUMNS without updated_ms (set at commit). */
export const TRACE_VALUE_COUNT = TRACE_COLUMNS.length - 1;
/** Values per content record in ChunkBatch.contentValues: project, trace, span, direction, text, finishReason, timeMs. */
export const CONTENT_VALUE_COUNT = 7;

export interface ChunkBatch {
  spanCount: number;
  /** Chunks (one per project and trace), in trace id order. */
  chunkCount: number;
  traceIds: string[];
  projectIds: string[];
  /** Spans of chunk c are firstSpan[c] .. firstSpan[c + 1] - 1. */
  firstSpan: Uint32Array;
  /** Byte offset where chunk c's body starts in `bytes` (its header: resources and scopes). */
  chunkStart: Uint32Array;
  /** Byte offset where chunk c's header ends (its first record starts). */
  headerEnd: Uint32Array;
  spanIds: string[];
  /** Byte offset where span i's record ends (it starts where the previous one ended, or at headerEnd). */
  recordEnd: Uint32Array;
  bytes: Uint8Array;
  /** Batch-local trace rows: TRACE_VALUE_COUNT values per chunk (each chunk is one (project, trace)). */
  traceRows: ColumnValue[];
  contentCount: number;
  contentValues: ColumnValue[];
  /** Traces whose facts this write leaves to a later write of the same request (FactsDirective). */
  deferFacts: TraceKey[];
  /** Traces recomputed from storage in this write whether or not it stores anything of them. */
  recomputeFacts: TraceKey[];
}

/** Encodes spans and content of one transaction; `computeTraceFacts` gives the batch-local trace facts. */
export function encodeChunkBatch(
  batch: { spans: readonly SpanRow[]; content: readonly ContentRow[]; facts?: FactsDirective },
  computeTraceFacts: ComputeTraceFactsFn,
): ChunkBatch {
  const groups = new Map<string, SpanRow[]>();
  for (const s of batch.spans) {
    const key = `${s.traceId}\n${s.projectId}`;
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  const keys = [...groups.keys()].sort();
  const chunkCount = keys.length;
  // Sized to fit protobuf rows at once (growing copies everything written so far) without holding
  // much slack while the batch waits in the queue; JSON rows grow the buffer as needed.
  let estimate = 4096;
  for (const s of batch.spans) {
    estimate += s.raw ? s.raw.span.length + s.raw.resource.length + 3 * (s.scopeName.length + s.scopeVersion.length) + 32 : 2048;
  }
  const w = new ByteWriter(estimate);
  const traceIds: string[] = new Array(chunkCount);
  const projectIds: string[] = new Array(chunkCount);
  const firstSpan = new Uint32Array(chunkCount + 1);
  const chunkStart = new Uint32Array(chunkCount);
  const headerEnd = new Uint32Array(chunkCount);
  const spanIds: string[] = new Array(batch.spans.length);
  const recordEnd = new Uint32Array(batch.spans.length);
  const traceRows: ColumnValue[] = new Array(chunkCount * TRACE_VALUE_COUNT).fill(null);
  const deferFacts = new Set((batch.facts?.defer ?? []).map((t) => traceKey(t.projectId, t.traceId)));
  let i = 0;
  for (let c = 0; c < chunkCount; c++) {
    const rows = groups.get(keys[c]!)!;
    const first = rows[0]!;
    traceIds[c] = first.traceId;
    projectIds[c] = first.projectId;
    // Each chunk is one trace (project, trace id) and carries its batch-local facts, unless its facts
    // are deferred (a later write recomputes them from storage: computing them here would be wasted).
    if (!deferFacts.has(traceKey(first.projectId, first.traceId))) {
      const values = traceValues({ projectId: first.projectId, facts: batchLocalFacts(first.traceId, rows, computeTraceFacts) }, 0);
      for (let v = 0; v < TRACE_VALUE_COUNT; v++) traceRows[c * TRACE_VALUE_COUNT + v] = values[v]!;
    }
    firstSpan[c] = i;
    chunkStart[c] = w.pos;
    const { resourceOf, scopeOf } = writeChunkHeader(w, rows);
    headerEnd[c] = w.pos;
    for (let k = 0; k < rows.length; k++, i++) {
      const spanId = rows[k]!.spanId;
      // span_ids holds them back to back, 16 characters each (the decoder yields nothing else).
      if (spanId.length !== 16) throw new TypeError(`span id must be 16 hex characters, got ${JSON.stringify(spanId)}`);
      writeChunkRecord(w, rows[k]!, resourceOf[k]!, scopeOf[k]!);
      spanIds[i] = spanId;
      recordEnd[i] = w.pos;
    }
  }
  firstSpan[chunkCount] = i;
  const contentValues: ColumnValue[] = [];
  for (const c of batch.content) contentValues.push(c.projectId, c.traceId, c.spanId, c.direction, c.text, c.finishReason, c.timeMs);
  return {
    spanCount: batch.spans.length,
    chunkCount,
    traceIds,
    projectIds,
    firstSpan,
    chunkStart,
    headerEnd,
    spanIds,
    recordEnd,
    bytes: w.buf.subarray(0, w.pos),
    traceRows,
    contentCount: batch.content.length,
    contentValues,
    deferFacts: [...deferFacts],
    recomputeFacts: (batch.facts?.recompute ?? []).map((t) => traceKey(t.projectId, t.traceId)),
  };
}

/**
 * The facts of a trace from one chunk's rows alone, as recomputeTraces would give them: a span id
 * repeated in the chunk counts once (its last copy), spans ordered by start time then id.
 */
function batchLocalFacts(traceId: string, rows: readonly SpanRow[], computeTraceFacts: ComputeTraceFactsFn): TraceFacts {
  let inputs = rows.map(spanInputOf);
  if (new Set(rows.map((r) => r.spanId)).size !== rows.length) inputs = [...new Map(inputs.map((s) => [s.spanId, s])).values()];
  inputs.sort(compareSpans);
  return computeTraceFacts(traceId, inputs, []);
}

/** Whether chunk c carries the batch-local facts of its trace. */
export function hasTraceRow(batch: ChunkBatch, c: number): boolean {
  return batch.traceRows[c * TRACE_VALUE_COUNT] !== null;
}

/** The batch-local trace row of chunk c with updated_ms appended (TRACE_COLUMNS order). */
export function traceRowAt(batch: ChunkBatch, c: number, updatedMs: number): ColumnValue[] {
  const row = batch.traceRows.slice(c * TRACE_VALUE_COUNT, (c + 1) * TRACE_VALUE_COUNT);
  row.push(updatedMs);
  return row;
}

/**
 * The body of chunk c holding only the spans whose index `keep` accepts (all of them: a view into
 * `bytes`; some: a copy of the header plus those records). Null when none is kept.
 */
export function chunkBody(
  batch: ChunkBatch,
  c: number,
  keep: (spanIndex: number) => boolean,
): { body: Uint8Array; spans: number } | null {
  const from = batch.firstSpan[c]!;
  const to = batch.firstSpan[c + 1]!;
  const kept: number[] = [];
  for (let i = from; i < to; i++) if (keep(i)) kept.push(i);
  if (kept.length === 0) return null;
  if (kept.length === to - from) return { body: batch.bytes.subarray(batch.chunkStart[c]!, batch.recordEnd[to - 1]!), spans: kept.length };
  const parts = [batch.bytes.subarray(batch.chunkStart[c]!, batch.headerEnd[c]!)];
  for (const i of kept) parts.push(batch.bytes.subarray(i === from ? batch.headerEnd[c]! : batch.recordEnd[i - 1]!, batch.recordEnd[i]!));
  return { body: Buffer.concat(parts), spans: kept.length };
}

/** Content record `i` as a ContentRow. */
export function chunkContentAt(batch: ChunkBatch, i: number): ContentRow {
  const v = batch.contentValues;
  const o = i * CONTENT_VALUE_COUNT;
  return {
    projectId: v[o] as string,
    traceId: v[o + 1] as string,
    spanId: v[o + 2] as string,
    direction: v[o + 3] as ContentRow['direction'],
    text: v[o + 4] as string,
    finishReason: v[o + 5] as string | null,
    timeMs: v[o + 6] as number,
  };
}

/** The outcome of a write that had nothing to write. */
export const NOTHING_WRITTEN: Readonly<WriteOutcome> = Object.freeze({ inserted: 0, duplicates: 0, tracesUpdated: 0 });

/** Whether the batches hold neither spans nor content. */
export const isEmptyWrite = (batches: readonly ChunkBatch[]): boolean =>
  batches.every((b) => b.spanCount === 0 && b.contentCount === 0 && b.recomputeFacts.length === 0);

/**
 * What every span store on span chunks shares: a request is prepared (encoded) once, and writeBatch
 * is writePrepared of one prepared batch.
 */
export abstract class ChunkedSpanStore {
  /** Traces are grouped and encoded here, on the thread that calls it (the event loop). */
  prepareBatch(batch: { spans: SpanRow[]; content: ContentRow[]; facts?: FactsDirective }, computeTraceFacts: ComputeTraceFactsFn): ChunkBatch {
    return encodeChunkBatch(batch, computeTraceFacts);
  }

  writeBatch(batch: { spans: SpanRow[]; content: ContentRow[]; facts?: FactsDirective }, computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    return this.writePrepared([this.prepareBatch(batch, computeTraceFacts)], computeTraceFacts);
  }

  abstract writePrepared(batches: PreparedBatch[], computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome>;
}
