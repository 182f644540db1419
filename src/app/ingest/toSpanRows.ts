/** Turns decoded wire spans and log records into rows for the store, computing per-span facts. */
import type { WireLogRecord, WireSpan } from '../../../collectors/wireTypes.js';
import { computeSpanFacts, toContentInputs, toTraceSpanInput } from '../../domain/facts/index.js';
import type { SpanFacts } from '../../domain/facts/types.js';
import type { ContentRow, SpanRow } from '../ports.js';

/** Rows for a batch of spans of one project; the count of mapping warnings rides along. */
export function toSpanRows(projectId: string, spans: readonly WireSpan[]): { rows: SpanRow[]; warnings: number } {
  const rows: SpanRow[] = new Array(spans.length);
  let warnings = 0;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const facts = computeSpanFacts(span);
    warnings += facts.warnings.length;
    rows[i] = spanRowOf(projectId, span, facts);
  }
  return { rows, warnings };
}

/** The row of one decoded span whose facts are already computed (ingest, and stores reading spans back). */
export function spanRowOf(projectId: string, span: WireSpan, facts: SpanFacts): SpanRow {
  const input = toTraceSpanInput(span, facts);
  const row: SpanRow = {
    projectId,
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    startMs: input.startMs,
    durationMs: Math.max(0, input.endMs - input.startMs),
    statusCode: span.status.code,
    statusMessage: span.status.message,
    serviceName: input.serviceName,
    release: input.release,
    environment: input.environment,
    attributes: span.attributes,
    resource: span.resource,
    events: span.events,
    links: span.links,
    scopeName: span.scope.name,
    scopeVersion: span.scope.version,
    facts,
  };
  if (span.raw) row.raw = span.raw;
  return row;
}

/** Content rows for the GenAI content events among log records; other records are ignored. */
export function toContentRows(projectId: string, records: readonly WireLogRecord[]): { rows: ContentRow[]; ignored: number } {
  const rows: ContentRow[] = [];
  let ignored = 0;
  for (const record of records) {
    const contents = record.traceId ? toContentInputs(record) : [];
    if (contents.length === 0 || !record.traceId) {
      ignored++;
      continue;
    }
    for (const content of contents) rows.push({ ...content, projectId, traceId: record.traceId });
  }
  return { rows, ignored };
}
