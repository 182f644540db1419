/**
 * Recomputation inputs of span chunks, by chunk id, most recently used kept. A trace whose spans
 * arrive over many commits is recomputed from all its chunks at each of them; with this cache each
 * chunk is decoded (and its span facts computed) once instead of at every later commit of its trace.
 * Chunks never change; a store clears the cache when a write rolls back (SQLite may then hand the
 * same ids to other chunks).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { decodeChunk } from '../app/ingest/spanChunkCodec.js';
import type { TraceSpanInput } from '../domain/facts/types.js';
import { spanInputOf, type TracedSpanInput } from './spanRowCodec.js';

export class ChunkInputCache {
  private readonly entries = new Map<number, TraceSpanInput[]>();
  private spans = 0;

  /** `capacity`: most span inputs kept. */
  constructor(private readonly capacity = 100_000) {}

  get(chunkId: number): TraceSpanInput[] | undefined {
    const inputs = this.entries.get(chunkId);
    if (inputs) {
      this.entries.delete(chunkId);
      this.entries.set(chunkId, inputs);
    }
    return inputs;
  }

  set(chunkId: number, inputs: TraceSpanInput[]): void {
    const old = this.entries.get(chunkId);
    if (old) {
      this.spans -= old.length;
      this.entries.delete(chunkId);
    }
    if (inputs.length > this.capacity) return;
    this.entries.set(chunkId, inputs);
    this.spans += inputs.length;
    for (const [id, evicted] of this.entries) {
      if (this.spans <= this.capacity) break;
      this.entries.delete(id);
      this.spans -= evicted.length;
    }
  }

  clear(): void {
    this.entries.clear();
    this.spans = 0;
  }

  /** Span inputs held (for tests and metrics). */
  get size(): number {
    return this.spans;
  }
}

/** A span_chunks row as listed for recomputation (no body). */
export interface ChunkRef {
  id: number;
  project_id: string;
  trace_id: string;
}

/** Ids of the chunks whose inputs are not cached: their bodies must be read. */
export function uncachedChunks(cache: ChunkInputCache, chunks: readonly ChunkRef[]): number[] {
  return chunks.filter((c) => cache.get(c.id) === undefined).map((c) => c.id);
}

/** The span inputs of `chunks`: cached ones, and those decoded from `bodies` (then cached). */
export function chunkInputs(cache: ChunkInputCache, chunks: readonly ChunkRef[], bodies: Iterable<{ id: number; body: Uint8Array }>): TracedSpanInput[] {
  const decoded = new Map<number, TraceSpanInput[]>();
  const projectOf = new Map(chunks.map((c) => [c.id, c.project_id]));
  for (const { id, body } of bodies) decodeInto(decoded, cache, id, projectOf.get(id) ?? '', body);
  return assemble(cache, chunks, decoded);
}

/** Spans decoded between two yields to the event loop by chunkInputsYielding. */
const YIELD_SPANS = 2048;

/**
 * chunkInputs for a store whose writes run on the event loop (PostgreSQL): the bodies are decoded
 * with a yield to the event loop after about every YIELD_SPANS spans, so recomputing a trace of
 * 100,000 spans does not hold the event loop for the whole decode.
 */
export async function chunkInputsYielding(cache: ChunkInputCache, chunks: readonly ChunkRef[], bodies: Iterable<{ id: number; body: Uint8Array }>): Promise<TracedSpanInput[]> {
  const decoded = new Map<number, TraceSpanInput[]>();
  const projectOf = new Map(chunks.map((c) => [c.id, c.project_id]));
  let sinceYield = 0;
  for (const { id, body } of bodies) {
    sinceYield += decodeInto(decoded, cache, id, projectOf.get(id) ?? '', body);
    if (sinceYield >= YIELD_SPANS) {
      sinceYield = 0;
      await yieldToEventLoop();
    }
  }
  return assemble(cache, chunks, decoded);
}

/** Decodes one chunk body into `decoded` and the cache; returns its span count. */
function decodeInto(decoded: Map<number, TraceSpanInput[]>, cache: ChunkInputCache, id: number, projectId: string, body: Uint8Array): number {
  const inputs = decodeChunk(projectId, body).map(spanInputOf);
  decoded.set(id, inputs);
  cache.set(id, inputs);
  return inputs.length;
}

function assemble(cache: ChunkInputCache, chunks: readonly ChunkRef[], decoded: Map<number, TraceSpanInput[]>): TracedSpanInput[] {
  const out: TracedSpanInput[] = [];
  for (const c of chunks) {
    const inputs = decoded.get(c.id) ?? cache.get(c.id);
    if (!inputs) throw new Error(`span chunk ${c.id} was neither cached nor read`);
    for (const input of inputs) out.push({ traceId: c.trace_id, projectId: c.project_id, input });
  }
  return out;
}
