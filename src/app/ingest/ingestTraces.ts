/**
 * Ingests one decoded-on-demand trace request: its spans are decoded, turned into rows and queued a
 * slice at a time, each slice only once the queue has reserved room for it, so memory holds the
 * request body, the queue (bounded) and one slice, however large the request. Within a slice the
 * per-span work (span facts, the store's encoding) runs in pieces of PREPARE_SPANS spans with a
 * yield to the event loop between pieces, so a large request never holds the main thread for long:
 * other tenants' requests and /healthz are served in between. A slice's pieces commit together (one
 * queued batch), slices separately; the request is acknowledged once every slice is committed. A
 * trace with many spans in a piece that is not the last has its facts deferred: its pieces store its
 * spans only, and once every piece is committed one more write recomputes the deferred traces from
 * storage, once each (instead of recomputing a large trace from all its stored spans at every
 * commit). A retry of the request (after a failure or a crash between commits) ends the same way, so
 * its facts are complete. A slice that finds no room in time fails the request with OVERLOADED (503 +
 * Retry-After): the slices committed before are duplicates on retry, so nothing is stored twice.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { RejectCount, TraceSlices } from '../../../collectors/index.js';
import type { BatchPart, IngestQueue } from './IngestQueue.js';
import { toSpanRows } from './toSpanRows.js';
import type { WriteOutcome } from '../ports.js';

/**
 * Spans of one trace in a piece from which its facts wait for the end of the request (once deferred,
 * a trace stays deferred for the rest of the request, its last piece included).
 */
export const DEFER_FACTS_MIN_SPANS = 128;

/**
 * Most spans decoded, turned into rows (per-span facts) and encoded by the store between two yields to
 * the event loop: the longest the main thread works for one request without letting others (and
 * /healthz) in. The pieces of a slice are then queued together, as one batch.
 */
export const PREPARE_SPANS = 512;

/** How slices are sized and how long each waits for queue room. */
export interface SliceOptions {
  /** Most spans reserved in the queue at once per request (a slice; it is prepared in pieces of PREPARE_SPANS). */
  sliceSpans: number;
  /** Milliseconds the first slice waits for room before the request is refused (503). */
  firstWaitMs: number;
  /** Milliseconds each later slice waits (the request is under way: its earlier slices are queued). */
  nextWaitMs: number;
}

/** What an ingested trace request stored. */
export interface IngestedTraces {
  /** Valid spans queued and committed (new or duplicate). */
  accepted: number;
  /** Mapping warnings over those spans. */
  warnings: number;
  rejected: RejectCount[];
}

/** Decodes, queues and commits the spans of `slices` for `projectId`; throws what the queue throws. */
export async function ingestTraces(
  queue: IngestQueue,
  projectId: string,
  slices: TraceSlices,
  options: SliceOptions,
): Promise<{ ok: true; result: IngestedTraces } | { ok: false; message: string }> {
  const result: IngestedTraces = { accepted: 0, warnings: 0, rejected: [] };
  const commits: Promise<WriteOutcome>[] = [];
  const sliceSpans = Math.max(1, options.sliceSpans);
  const total = slices.spanCount;
  let failure: unknown = null;
  let undecodable: string | null = null;
  /** Trace ids whose facts a piece deferred. */
  const deferred = new Set<string>();
  for (let from = 0; from === 0 || from < total; from += sliceSpans) {
    const to = Math.min(total, from + sliceSpans);
    try {
      if (to > from) await queue.reserve(projectId, to - from, from === 0 ? options.firstWaitMs : options.nextWaitMs);
    } catch (error) {
      failure = error;
      break;
    }
    // One walk of the body per slice; the per-span work then goes in pieces, with yields between them.
    const decoded = slices.slice(from, to);
    if (!decoded.ok) {
      if (to > from) queue.release(projectId, to - from);
      undecodable = decoded.message;
      break;
    }
    addRejects(result.rejected, decoded.rejected);
    const items = decoded.items;
    if (items.length < to - from) queue.release(projectId, to - from - items.length);
    const parts: BatchPart[] = [];
    for (let piece = 0; piece < items.length; piece += PREPARE_SPANS) {
      const end = Math.min(items.length, piece + PREPARE_SPANS);
      const { rows, warnings } = toSpanRows(projectId, items.slice(piece, end));
      const more = end < items.length || to < total;
      const defer = tracesToDefer(rows, deferred, more);
      try {
        parts.push(queue.prepare(rows, [], defer.length > 0 ? { defer: defer.map((traceId) => ({ projectId, traceId })) } : undefined));
      } catch (error) {
        failure = error;
        break;
      }
      result.accepted += rows.length;
      result.warnings += warnings;
      // Let other requests (and /healthz) in between pieces of a large request.
      if (more) await yieldToEventLoop();
    }
    const prepared = parts.reduce((n, p) => n + p.size, 0);
    if (prepared < items.length) queue.release(projectId, items.length - prepared);
    // The slice's pieces commit as one batch (one transaction unless the queue splits groups).
    if (parts.length > 0) commits.push(queue.enqueueParts(projectId, parts, { reserved: true }));
    if (failure !== null) break;
  }
  const settled = await Promise.allSettled(commits);
  for (const s of settled) if (s.status === 'rejected' && failure === null) failure = s.reason;
  if (deferred.size > 0) {
    // After every piece's commit (PostgreSQL may commit two writes at once): the deferred facts.
    // Zero spans: no room to reserve, and it must not wait behind other requests' reservations.
    const recompute = [...deferred].map((traceId) => ({ projectId, traceId }));
    try {
      await queue.enqueue([], [], { reserved: true, facts: { recompute } });
    } catch (error) {
      if (failure === null) failure = error;
    }
  }
  if (failure !== null) throw failure;
  if (undecodable !== null) return { ok: false, message: undecodable };
  return { ok: true, result };
}

/**
 * The traces of a piece whose facts wait for the end of the request: those deferred by an earlier
 * piece, and, when more pieces follow (`more`), those with at least DEFER_FACTS_MIN_SPANS spans here
 * (added to `deferred`).
 */
function tracesToDefer(rows: readonly { traceId: string }[], deferred: Set<string>, more: boolean): string[] {
  if (deferred.size === 0 && (!more || rows.length < DEFER_FACTS_MIN_SPANS)) return [];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.traceId, (counts.get(r.traceId) ?? 0) + 1);
  const defer: string[] = [];
  for (const [traceId, n] of counts) {
    if (deferred.has(traceId)) defer.push(traceId);
    else if (more && n >= DEFER_FACTS_MIN_SPANS) {
      deferred.add(traceId);
      defer.push(traceId);
    }
  }
  return defer;
}

function addRejects(into: RejectCount[], more: readonly RejectCount[]): void {
  for (const r of more) {
    const known = into.find((x) => x.reason === r.reason);
    if (known) known.count += r.count;
    else into.push({ ...r });
  }
}
