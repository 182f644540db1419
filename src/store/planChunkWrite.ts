/**
 * The pure part of a span-chunk write, shared by the SQLite and PostgreSQL stores: which spans are
 * new, the chunk rows that hold them, which project owns each trace, and which traces must be
 * recomputed from storage instead of taking their batch-local facts. The stores do the reads it
 * needs (traces stored before, their span ids) and the writes it plans, in one transaction.
 */
import { chunkBody, chunkContentAt, hasTraceRow, traceRowAt, type ChunkBatch, type ColumnValue } from './chunkBatch.js';

/** One span_chunks row to insert. */
export interface ChunkInsert {
  projectId: string;
  traceId: string;
  spanCount: number;
  /** The chunk's span ids, 16 hex characters each, back to back. */
  spanIds: string;
  body: Uint8Array;
}

export interface ChunkWritePlan {
  chunks: ChunkInsert[];
  /** Spans in chunks (new); the rest of spanCount were duplicates. */
  inserted: number;
  spanCount: number;
  /** Trace id -> the project whose new spans or content came first: it owns the trace's facts. */
  owner: Map<string, string>;
  /** Traces to recompute from everything stored (see planChunkWrite). */
  recompute: Set<string>;
}

/**
 * Every trace id the batches touch (chunks and content), each once, and those in more than one
 * chunk (two batches, or two projects): those are recomputed and checked span by span.
 */
export function touchedTraces(batches: readonly ChunkBatch[]): { ids: string[]; repeated: Set<string> } {
  const touched = new Set<string>();
  const repeated = new Set<string>();
  for (const batch of batches) {
    for (const traceId of batch.traceIds) {
      if (touched.has(traceId)) repeated.add(traceId);
      touched.add(traceId);
    }
    for (let i = 0; i < batch.contentCount; i++) touched.add(chunkContentAt(batch, i).traceId);
  }
  return { ids: [...touched], repeated };
}

/**
 * Plans the chunk rows. `recompute` holds the traces that had spans or content stored before, or
 * more than one chunk here; `storedSpanIds` the span ids already stored for traces stored before.
 * A span id met before (stored, or earlier in this write) is a duplicate and left out; a trace with
 * a duplicate, or with chunks of two projects, joins `recompute`. Only traces in `recompute` can
 * meet a duplicate across chunks, so only they are tracked in sets; any other is checked within its
 * one chunk.
 */
export function planChunkWrite(
  batches: readonly ChunkBatch[],
  recompute: Set<string>,
  storedSpanIds: Map<string, Set<string>>,
): ChunkWritePlan {
  const chunks: ChunkInsert[] = [];
  const owner = new Map<string, string>();
  const seenOf = (traceId: string) => {
    let ids = storedSpanIds.get(traceId);
    if (!ids) storedSpanIds.set(traceId, (ids = new Set()));
    return ids;
  };
  let inserted = 0;
  let spanCount = 0;
  for (const batch of batches) {
    spanCount += batch.spanCount;
    for (let c = 0; c < batch.chunkCount; c++) {
      const traceId = batch.traceIds[c]!;
      const projectId = batch.projectIds[c]!;
      const seen = recompute.has(traceId) ? seenOf(traceId) : null;
      let spanIds = '';
      let duplicate = false;
      const chunk = chunkBody(batch, c, (i) => {
        const spanId = batch.spanIds[i]!;
        if (seen ? seen.has(spanId) : containsId(spanIds, spanId)) {
          duplicate = true;
          return false;
        }
        seen?.add(spanId);
        spanIds += spanId;
        return true;
      });
      if (duplicate) recompute.add(traceId);
      if (!chunk) continue;
      chunks.push({ projectId, traceId, spanCount: chunk.spans, spanIds, body: chunk.body });
      inserted += chunk.spans;
      const first = owner.get(traceId);
      if (first === undefined) owner.set(traceId, projectId);
      else if (first !== projectId) recompute.add(traceId);
    }
  }
  return { chunks, inserted, spanCount, owner, recompute };
}

/** Records newly stored content of a trace: it may make the trace owned, and always recomputed. */
export function noteNewContent(plan: ChunkWritePlan, traceId: string, projectId: string): void {
  if (!plan.owner.has(traceId)) plan.owner.set(traceId, projectId);
  plan.recompute.add(traceId);
}

/** The batch-local trace rows (TRACE_COLUMNS order) of owned traces that are not recomputed. */
export function batchTraceRows(batches: readonly ChunkBatch[], plan: ChunkWritePlan, updatedMs: number): ColumnValue[][] {
  const rows: ColumnValue[][] = [];
  for (const batch of batches) {
    for (let c = 0; c < batch.chunkCount; c++) {
      const traceId = batch.traceIds[c]!;
      if (plan.owner.get(traceId) !== batch.projectIds[c] || plan.recompute.has(traceId) || !hasTraceRow(batch, c)) continue;
      rows.push(traceRowAt(batch, c, updatedMs));
    }
  }
  return rows;
}

/** Owners of the traces to recompute from storage. */
export function recomputeOwners(plan: ChunkWritePlan): Map<string, string> {
  return new Map([...plan.owner].filter(([traceId]) => plan.recompute.has(traceId)));
}

/**
 * The span ids stored per trace, from span_chunks rows (`span_ids`: 16 hex characters each, back to
 * back) and pre-chunk `spans` rows.
 */
export function storedSpanIdsOf(
  chunks: Iterable<{ trace_id: string; span_ids: string }>,
  legacy: Iterable<{ trace_id: string; span_id: string }>,
): Map<string, Set<string>> {
  const byTrace = new Map<string, Set<string>>();
  const idsOf = (traceId: string) => byTrace.get(traceId) ?? byTrace.set(traceId, new Set()).get(traceId)!;
  for (const r of chunks) {
    const ids = idsOf(r.trace_id);
    for (let o = 0; o < r.span_ids.length; o += 16) ids.add(r.span_ids.slice(o, o + 16));
  }
  for (const r of legacy) idsOf(r.trace_id).add(r.span_id);
  return byTrace;
}

/** Whether `id` (16 characters) is one of the ids in `ids` (16 characters each, back to back). */
function containsId(ids: string, id: string): boolean {
  for (let o = ids.indexOf(id); o !== -1; o = ids.indexOf(id, o + 1)) if (o % 16 === 0) return true;
  return false;
}
