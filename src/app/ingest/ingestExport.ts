/**
 * The transport-independent part of an OTLP export (HTTP and gRPC share it): decode one body, queue
 * its rows (traces a slice at a time, each slice once the queue has room: ingestTraces), wait until
 * they are committed, count what was accepted and rejected.
 */
import { decodeLogs, sliceTraces, type ContentFormat } from '../../../collectors/index.js';
import type { RejectCount } from '../../../collectors/wireTypes.js';
import type { ServiceMetrics } from '../metrics/ServiceMetrics.js';
import type { IngestQueue } from './IngestQueue.js';
import { ingestTraces } from './ingestTraces.js';
import { toContentRows } from './toSpanRows.js';

/** What ingestExport needs; `sliceSpans` is the most spans decoded and queued at once per request. */
export interface IngestExportDeps {
  queue: IngestQueue;
  metrics: ServiceMetrics;
  config: { maxCommitSpans: number };
}

/** The per-reason rejections of a committed body, or why it is undecodable (400 / INVALID_ARGUMENT). */
export type IngestExportResult = { ok: true; rejected: RejectCount[] } | { ok: false; message: string };

/** Milliseconds the first slice of a request waits for queue room before 503 (answers stay within a second). */
const FIRST_SLICE_WAIT_MS = 500;
/** Milliseconds each later slice of a request under way waits for queue room. */
const NEXT_SLICE_WAIT_MS = 30_000;

/** Decodes one body and waits until its rows are committed; throws AppError (OVERLOADED, UNAVAILABLE, ...) from the queue. */
export async function ingestExport(
  deps: IngestExportDeps,
  signal: 'traces' | 'logs',
  projectId: string,
  bytes: Buffer,
  format: ContentFormat,
): Promise<IngestExportResult> {
  const { metrics, queue, config } = deps;
  if (signal === 'traces') {
    const sliced = sliceTraces(bytes, format);
    if (!sliced.ok) return sliced;
    const ingested = await ingestTraces(queue, projectId, sliced.slices, {
      // Slices of one commit group: larger slices (a project's whole queue share) mean fewer
      // recomputations of a split trace, but the server did not survive three 19 MiB requests of tiny
      // traces with them in bench:hostile (docs/benchmarks.md).
      sliceSpans: config.maxCommitSpans,
      firstWaitMs: FIRST_SLICE_WAIT_MS,
      nextWaitMs: NEXT_SLICE_WAIT_MS,
    });
    if (!ingested.ok) return ingested;
    const { accepted, warnings, rejected } = ingested.result;
    metrics.inc('tracegate_spans_accepted_total', {}, accepted);
    if (warnings > 0) metrics.inc('tracegate_span_mapping_warnings_total', {}, warnings);
    return { ok: true, rejected };
  }
  const decoded = decodeLogs(bytes, format);
  if (!decoded.ok) return decoded;
  const { rows, ignored } = toContentRows(projectId, decoded.items);
  await queue.enqueue([], rows);
  metrics.inc('tracegate_log_records_accepted_total', {}, rows.length + ignored);
  if (ignored > 0) metrics.inc('tracegate_log_records_ignored_total', {}, ignored);
  return { ok: true, rejected: decoded.rejected };
}

/** Counts the rejections in /metrics and summarizes them for partialSuccess (count 0 and message null when none). */
export function recordRejections(metrics: ServiceMetrics, signal: 'traces' | 'logs', rejected: readonly RejectCount[]): { count: number; message: string | null } {
  let count = 0;
  for (const r of rejected) {
    count += r.count;
    metrics.inc(signal === 'traces' ? 'tracegate_spans_rejected_total' : 'tracegate_log_records_rejected_total', { reason: r.reason }, r.count);
  }
  return { count, message: count > 0 ? `rejected ${rejected.map((r) => `${r.count} ${r.reason}`).join(', ')}` : null };
}
