/**
 * The pure part of a span-chunk write, shared by the SQLite and PostgreSQL stores: which spans are
 * new, the chunk rows that hold them, and which traces must be recomputed from storage instead of
 * taking their batch-local facts. A trace is identified by (project id, trace id) everywhere: two
 * projects sending the same trace id have two traces. The stores do the reads it needs (traces
 * stored before, their span ids) and the writes it plans, in one transaction.
 */
import { chunkBody, chunkContentAt, hasTraceRow, traceRowAt, type ChunkBatch, type ColumnValue } from './chunkBatch.js';
import { traceKey, type TraceKey } from './traceKey.js';

export { keyColumns, splitTraceKey, traceKey, type TraceKey } from './traceKey.js';

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
  /** Traces with new spans or content in this write. */
  written: Set<TraceKey>;
  /** Traces to recompute from everything stored (see planChunkWrite). */
  recompute: Set<TraceKey>;
  /** Traces whose facts this write leaves to a later write of its request (see factsDirectives). */
  deferred: Set<TraceKey>;
  /** Traces recomputed whether or not this write stores anything of them. */
  forced: Set<TraceKey>;
}

/**
 * The batches' facts directives combined: a trace is deferred only when every batch touching it
 * defers it and none forces it (another request's batch in the same commit takes its facts now).
 */
export function factsDirectives(batches: readonly ChunkBatch[]): { deferred: Set<TraceKey>; forced: Set<TraceKey> } {
  const forced = new Set<TraceKey>();
  const deferred = new Set<TraceKey>();
  for (const batch of batches) {
    for (const key of batch.recomputeFacts) forced.add(key);
    for (const key of batch.deferFacts) deferred.add(key);
  }
  if (deferred.size === 0) return { deferred, forced };
  for (const batch of batches) {
    const own = new Set(batch.deferFacts);
    for (let c = 0; c < batch.chunkCount; c++) {
      const key = traceKey(batch.projectIds[c]!, batch.traceIds[c]!);
      if (!own.has(key)) deferred.delete(key);
    }
    for (let i = 0; i < batch.contentCount; i++) {
      const content = chunkContentAt(batch, i);
      const key = traceKey(content.projectId, content.traceId);
      if (!own.has(key)) deferred.delete(key);
    }
  }
  for (const key of forced) deferred.delete(key);
  return { deferred, forced };
}

/**
 * Every trace the batches touch (chunks, content and forced recomputes), each once, and those in more than one chunk
 * (two batches of one write): those are recomputed and checked span by span.
 */
export function touchedTraces(batches: readonly ChunkBatch[]): { keys: TraceKey[]; repeated: Set<TraceKey> } {
  const touched = new Set<TraceKey>();
  const repeated = new Set<TraceKey>();
  for (const batch of batches) {
    for (let c = 0; c < batch.chunkCount; c++) {
      const key = traceKey(batch.projectIds[c]!, batch.traceIds[c]!);
      if (touched.has(key)) repeated.add(key);
      touched.add(key);
    }
    for (let i = 0; i < batch.contentCount; i++) {
      const content = chunkContentAt(batch, i);
      touched.add(traceKey(content.projectId, content.traceId));
    }
    // Recomputed without new spans (FactsDirective.recompute): locked and read like the others.
    for (const key of batch.recomputeFacts) touched.add(key);
  }
  return { keys: [...touched], repeated };
}

/**
 * Plans the chunk rows. `recompute` holds the traces that had spans or content stored before, or
 * more than one chunk here; `storedSpanIds` the span ids already stored for traces stored before.
 * A span id met before in its trace (stored, or earlier in this write) is a duplicate and left out;
 * a trace with a duplicate joins `recompute`. Every check is a Set lookup: linear in the spans.
 */
export function planChunkWrite(
  batches: readonly ChunkBatch[],
  recompute: Set<TraceKey>,
  storedSpanIds: Map<TraceKey, Set<string>>,
): ChunkWritePlan {
  const chunks: ChunkInsert[] = [];
  const written = new Set<TraceKey>();
  let inserted = 0;
  let spanCount = 0;
  for (const batch of batches) {
    spanCount += batch.spanCount;
    for (let c = 0; c < batch.chunkCount; c++) {
      const traceId = batch.traceIds[c]!;
      const projectId = batch.projectIds[c]!;
      const key = traceKey(projectId, traceId);
      // Traces that can meet a duplicate across chunks share one set per trace; any other is checked
      // within its one chunk.
      let seen: Set<string>;
      if (recompute.has(key)) {
        seen = storedSpanIds.get(key) ?? new Set();
        storedSpanIds.set(key, seen);
      } else seen = new Set();
      const ids: string[] = [];
      let duplicate = false;
      const chunk = chunkBody(batch, c, (i) => {
        const spanId = batch.spanIds[i]!;
        if (seen.has(spanId)) {
          duplicate = true;
          return false;
        }
        seen.add(spanId);
        ids.push(spanId);
        return true;
      });
      if (duplicate) recompute.add(key);
      if (!chunk) continue;
      chunks.push({ projectId, traceId, spanCount: chunk.spans, spanIds: ids.join(''), body: chunk.body });
      inserted += chunk.spans;
      written.add(key);
    }
  }
  return { chunks, inserted, spanCount, written, recompute, ...factsDirectives(batches) };
}

/** Records newly stored content of a trace: it is written, and always recomputed. */
export function noteNewContent(plan: ChunkWritePlan, projectId: string, traceId: string): void {
  const key = traceKey(projectId, traceId);
  plan.written.add(key);
  plan.recompute.add(key);
}

/** The batch-local trace rows (TRACE_COLUMNS order) of written traces that are not recomputed. */
export function batchTraceRows(batches: readonly ChunkBatch[], plan: ChunkWritePlan, updatedMs: number): ColumnValue[][] {
  const rows: ColumnValue[][] = [];
  for (const batch of batches) {
    for (let c = 0; c < batch.chunkCount; c++) {
      const key = traceKey(batch.projectIds[c]!, batch.traceIds[c]!);
      if (!plan.written.has(key) || plan.recompute.has(key) || plan.deferred.has(key) || plan.forced.has(key) || !hasTraceRow(batch, c)) continue;
      rows.push(traceRowAt(batch, c, updatedMs));
    }
  }
  return rows;
}

/** The traces to recompute from storage: written ones that need it (unless deferred), and forced ones. */
export function tracesToRecompute(plan: ChunkWritePlan): Set<TraceKey> {
  const keys = new Set([...plan.written].filter((key) => plan.recompute.has(key) && !plan.deferred.has(key)));
  for (const key of plan.forced) keys.add(key);
  return keys;
}

/**
 * The span ids stored per trace, from span_chunks rows (`span_ids`: 16 hex characters each, back to
 * back) and pre-chunk `spans` rows.
 */
export function storedSpanIdsOf(
  chunks: Iterable<{ project_id: string; trace_id: string; span_ids: string }>,
  legacy: Iterable<{ project_id: string; trace_id: string; span_id: string }>,
): Map<TraceKey, Set<string>> {
  const byTrace = new Map<TraceKey, Set<string>>();
  const idsOf = (key: TraceKey) => byTrace.get(key) ?? byTrace.set(key, new Set()).get(key)!;
  for (const r of chunks) {
    const ids = idsOf(traceKey(r.project_id, r.trace_id));
    for (let o = 0; o < r.span_ids.length; o += 16) ids.add(r.span_ids.slice(o, o + 16));
  }
  for (const r of legacy) idsOf(traceKey(r.project_id, r.trace_id)).add(r.span_id);
  return byTrace;
}
