/**
 * Encoding shared by the SQLite and PostgreSQL span stores: trace rows <-> TraceSummary, pre-chunk
 * `spans` rows -> SpanRow, the content idempotency key, the keyset cursor, and the trace-fact
 * recomputation step.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../app/AppError.js';
import { compareSpans } from '../domain/facts/index.js';
import type { ComputeTraceFactsFn, ContentRow, SpanRow, TraceSummary } from '../app/ports.js';
import type { SpanContentInput, SpanFacts, TraceFacts, TraceSpanInput } from '../domain/facts/types.js';
import { splitTraceKey, traceKey, type TraceKey } from './traceKey.js';

/** A `spans` row as selected by the stores (snake_case columns). */
export interface StoredSpan {
  project_id: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: number;
  start_time_unix_nano: string;
  end_time_unix_nano: string;
  start_ms: number;
  duration_ms: number;
  status_code: number;
  status_message: string;
  service_name: string | null;
  release: string | null;
  environment: string | null;
  attributes: string;
  resource: string;
  events: string;
  links: string;
  facts: string;
  scope_name: string;
  scope_version: string;
}

/** The columns the fact recomputation reads back per span. */
export type StoredSpanForFacts = Pick<
  StoredSpan,
  'project_id' | 'trace_id' | 'span_id' | 'parent_span_id' | 'name' | 'start_ms' | 'duration_ms' | 'status_code' | 'service_name' | 'release' | 'environment' | 'facts'
>;

/** A `span_contents` row as read back for recomputation. */
export interface StoredContent {
  project_id: string;
  trace_id: string;
  span_id: string;
  direction: string;
  text: string;
  finish_reason: string | null;
  time_ms: number;
}

/** Converts a stored span row back to the port's SpanRow. */
export function toSpanRow(r: StoredSpan): SpanRow {
  return {
    projectId: r.project_id,
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: r.parent_span_id,
    name: r.name,
    kind: Number(r.kind),
    startTimeUnixNano: r.start_time_unix_nano,
    endTimeUnixNano: r.end_time_unix_nano,
    startMs: Number(r.start_ms),
    durationMs: Number(r.duration_ms),
    statusCode: Number(r.status_code) as 0 | 1 | 2,
    statusMessage: r.status_message,
    serviceName: r.service_name,
    release: r.release,
    environment: r.environment,
    attributes: JSON.parse(r.attributes) as SpanRow['attributes'],
    resource: JSON.parse(r.resource) as SpanRow['resource'],
    events: JSON.parse(r.events) as SpanRow['events'],
    links: JSON.parse(r.links) as SpanRow['links'],
    scopeName: r.scope_name,
    scopeVersion: r.scope_version,
    facts: JSON.parse(r.facts) as SpanFacts,
  };
}

/** Builds a TraceSummary from the stored facts JSON plus the row's project and update time. */
export function toTraceSummary(r: { project_id: string; facts: string; updated_ms: number }): TraceSummary {
  return { ...(JSON.parse(r.facts) as TraceFacts), projectId: r.project_id, updatedMs: Number(r.updated_ms) };
}

/** Idempotency key of a content record: sha256 hex over everything that identifies it. */
export function contentId(c: ContentRow): string {
  return createHash('sha256')
    .update(JSON.stringify([c.projectId, c.traceId, c.spanId, c.direction, c.timeMs, c.finishReason, c.text]))
    .digest('hex');
}

/** An integer column value that fits a 32-bit INTEGER (rounded, clamped), or null. */
export function toInt32OrNull(n: number | null): number | null {
  if (n === null || !Number.isFinite(n)) return null;
  return Math.max(-2147483648, Math.min(2147483647, Math.round(n)));
}

/** Opaque keyset cursor: base64url of [startMs, traceId] of the last row of a page. */
export function encodeCursor(startMs: number, traceId: string): string {
  return Buffer.from(JSON.stringify([startMs, traceId])).toString('base64url');
}

/** Decodes a cursor from encodeCursor; throws BAD_REQUEST for anything else. */
export function decodeCursor(cursor: string): { startMs: number; traceId: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && Number.isFinite(v[0]) && typeof v[1] === 'string') {
      return { startMs: v[0], traceId: v[1] };
    }
  } catch {
    /* fall through */
  }
  throw new AppError('BAD_REQUEST', 'invalid cursor: expected the nextCursor value returned by a previous page');
}

/** A span's fact-recomputation input with the trace and project it belongs to. */
export interface TracedSpanInput {
  traceId: string;
  projectId: string;
  input: TraceSpanInput;
}

/** What trace-fact recomputation needs of a row. */
export function spanInputOf(s: SpanRow): TraceSpanInput {
  return {
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    startMs: s.startMs,
    endMs: s.startMs + s.durationMs,
    statusCode: s.statusCode,
    serviceName: s.serviceName,
    release: s.release,
    environment: s.environment,
    facts: s.facts,
  };
}

/** A trace whose facts were recomputed, ready to upsert. */
export interface ComputedTrace {
  projectId: string;
  facts: TraceFacts;
}

/**
 * Recomputes facts for every trace in `traces` ((project, trace id) keys) from its spans' inputs
 * (`newSpans`: the batch's rows, or decoded span chunks) plus pre-chunk span rows and all content
 * read back. Rows of other traces (another project's trace with the same id) are ignored. A span
 * present in both inputs counts once (the batch's copy wins).
 */
export function recomputeTraces(
  traces: ReadonlySet<TraceKey>,
  newSpans: Iterable<TracedSpanInput>,
  storedSpans: Iterable<StoredSpanForFacts>,
  contents: Iterable<StoredContent>,
  computeTraceFacts: ComputeTraceFactsFn,
): ComputedTrace[] {
  const spansByTrace = new Map<TraceKey, Map<string, TraceSpanInput>>();
  const add = (key: TraceKey, input: TraceSpanInput, overwrite: boolean) => {
    let spans = spansByTrace.get(key);
    if (!spans) spansByTrace.set(key, (spans = new Map()));
    if (overwrite || !spans.has(input.spanId)) spans.set(input.spanId, input);
  };
  for (const r of storedSpans) {
    const key = traceKey(r.project_id, r.trace_id);
    if (!traces.has(key)) continue;
    const startMs = Number(r.start_ms);
    add(key, {
      spanId: r.span_id,
      parentSpanId: r.parent_span_id,
      name: r.name,
      startMs,
      endMs: startMs + Number(r.duration_ms),
      statusCode: Number(r.status_code) as 0 | 1 | 2,
      serviceName: r.service_name,
      release: r.release,
      environment: r.environment,
      facts: JSON.parse(r.facts) as SpanFacts,
    }, false);
  }
  for (const s of newSpans) {
    const key = traceKey(s.projectId, s.traceId);
    if (!traces.has(key)) continue;
    add(key, s.input, true);
  }
  const contentByTrace = new Map<TraceKey, SpanContentInput[]>();
  for (const c of contents) {
    const key = traceKey(c.project_id, c.trace_id);
    if (!traces.has(key)) continue;
    const input: SpanContentInput = {
      spanId: c.span_id,
      direction: c.direction === 'output' ? 'output' : 'input',
      text: c.text,
      finishReason: c.finish_reason,
      timeMs: Number(c.time_ms),
    };
    const list = contentByTrace.get(key);
    if (list) list.push(input);
    else contentByTrace.set(key, [input]);
  }
  const out: ComputedTrace[] = [];
  // Sorted by key: a stable lock order for concurrent PostgreSQL writers.
  for (const key of [...spansByTrace.keys()].sort()) {
    const list = [...spansByTrace.get(key)!.values()];
    list.sort(compareSpans);
    const content = (contentByTrace.get(key) ?? []).sort((a, b) => a.timeMs - b.timeMs);
    const { projectId, traceId } = splitTraceKey(key);
    out.push({ projectId, facts: computeTraceFacts(traceId, list, content) });
  }
  return out;
}

/** Column values of a traces row, in TRACE_COLUMNS order (booleans as given; the store converts). */
export function traceValues(t: ComputedTrace, updatedMs: number): (string | number | boolean | null)[] {
  const f = t.facts;
  return [
    f.traceId,
    t.projectId,
    f.serviceName,
    f.release,
    f.environment,
    f.startMs,
    f.endMs,
    f.durationMs,
    f.spanCount,
    toInt32OrNull(f.inputTokens),
    toInt32OrNull(f.outputTokens),
    f.costUsd,
    f.toolCalls,
    f.toolErrors,
    f.error,
    f.incomplete,
    f.contentCaptured,
    f.lastFinishClass,
    f.action,
    f.sessionId,
    f.userId,
    JSON.stringify(f),
    updatedMs,
  ];
}

/** Columns of `traces` in the order of traceValues. */
export const TRACE_COLUMNS = [
  'trace_id', 'project_id', 'service_name', 'release', 'environment', 'start_ms', 'end_ms', 'duration_ms', 'span_count',
  'input_tokens', 'output_tokens', 'cost_usd', 'tool_calls', 'tool_errors', 'error', 'incomplete', 'content_captured',
  'last_finish_class', 'action', 'session_id', 'user_id', 'facts', 'updated_ms',
] as const;

/** Columns of the pre-chunk `spans` table (read only since span chunks). */
const SPAN_COLUMNS = [
  'project_id', 'trace_id', 'span_id', 'parent_span_id', 'name', 'kind', 'start_time_unix_nano', 'end_time_unix_nano',
  'start_ms', 'duration_ms', 'status_code', 'status_message', 'service_name', 'release', 'environment', 'attributes',
  'resource', 'events', 'links', 'facts', 'scope_name', 'scope_version', 'received_ms',
] as const;

/** The columns selected when reading spans back for fact recomputation. */
export const FACT_SPAN_SELECT =
  'project_id, trace_id, span_id, parent_span_id, name, start_ms, duration_ms, status_code, service_name, release, environment, facts';

/** The columns selected when returning full spans. */
export const FULL_SPAN_SELECT = SPAN_COLUMNS.filter((c) => c !== 'received_ms').join(', ');
