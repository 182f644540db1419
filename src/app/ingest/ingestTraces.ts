/**
 * Ingests one decoded-on-demand trace request: its spans are decoded, turned into rows and queued a
 * slice at a time, each slice only once the queue has reserved room for it, so memory holds the
 * request body, the queue (bounded) and one slice, however large the request. Slices of one request
 * commit separately; the request is acknowledged once every slice is committed. A trace with many
 * spans in a slice that is not the last has its facts deferred: that slice stores its spans only, and
 * once every slice is committed one more write recomputes the deferred traces from storage, once each
 * (instead of recomputing a large trace from all its stored spans at every slice). A retry of the
 * request (after a failure or a crash between slices) ends the same way, so its facts are complete. A slice that finds no room in
 * time fails the request with OVERLOADED (503 + Retry-After): the slices committed before are
 * duplicates on retry, so nothing is stored twice.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { RejectCount, TraceSlices } from '../../../collectors/index.js';
import type { IngestQueue } from './IngestQueue.js';
import { toSpanRows } from './toSpanRows.js';
import type { WriteOutcome } from '../ports.js';

/** Spans of one trace in a slice from which its facts wait for the end of the request. */
export const DEFER_FACTS_MIN_SPANS = 1024;

/** How slices are sized and how long each waits for queue room. */
export interface SliceOptions {
  /** Most spans decoded and queued at once per request. */
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
  let failure: unknown = null;
  let undecodable: string | null = null;
  /** Trace ids whose facts a slice deferred. */
  const deferred = new Set<string>();
  for (let from = 0; from === 0 || from < slices.spanCount; from += sliceSpans) {
    const to = Math.min(slices.spanCount, from + sliceSpans);
    const size = to - from;
    try {
      if (size > 0) await queue.reserve(projectId, size, from === 0 ? options.firstWaitMs : options.nextWaitMs);
    } catch (error) {
      failure = error;
      break;
    }
    const decoded = slices.slice(from, to);
    if (!decoded.ok) {
      if (size > 0) queue.release(projectId, size);
      undecodable = decoded.message;
      break;
    }
    addRejects(result.rejected, decoded.rejected);
    const { rows, warnings } = toSpanRows(projectId, decoded.items);
    if (rows.length < size) queue.release(projectId, size - rows.length);
    result.accepted += rows.length;
    result.warnings += warnings;
    if (rows.length > 0) {
      const defer = to < slices.spanCount ? largeTraces(rows) : [];
      for (const traceId of defer) deferred.add(traceId);
      const facts = defer.length > 0 ? { defer: defer.map((traceId) => ({ projectId, traceId })) } : undefined;
      commits.push(queue.enqueue(rows, [], facts ? { reserved: true, facts } : { reserved: true }));
    }
    // Let other requests (and /healthz) in between slices of a large request.
    if (to < slices.spanCount) await yieldToEventLoop();
  }
  const settled = await Promise.allSettled(commits);
  for (const s of settled) if (s.status === 'rejected' && failure === null) failure = s.reason;
  if (deferred.size > 0) {
    // After every slice's commit (PostgreSQL may commit two writes at once): the deferred facts.
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

/** Trace ids with at least DEFER_FACTS_MIN_SPANS spans in `rows`. */
function largeTraces(rows: readonly { traceId: string }[]): string[] {
  if (rows.length < DEFER_FACTS_MIN_SPANS) return [];
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.traceId, (counts.get(r.traceId) ?? 0) + 1);
  return [...counts].filter(([, n]) => n >= DEFER_FACTS_MIN_SPANS).map(([traceId]) => traceId);
}

function addRejects(into: RejectCount[], more: readonly RejectCount[]): void {
  for (const r of more) {
    const known = into.find((x) => x.reason === r.reason);
    if (known) known.count += r.count;
    else into.push({ ...r });
  }
}
