/**
 * A write batch as flat column arrays with the JSON columns already serialized: what the SQLite
 * write path binds, and what the main thread posts to the span-writer worker (a few big flat arrays
 * of strings and numbers clone much faster than thousands of nested attribute objects).
 */
import type { ContentRow, SpanRow } from '../../app/ports.js';
import { makeJsonCache, SPAN_COLUMNS, type StoredSpanForFacts } from '../spanRowCodec.js';

/** A column value as bound to SQLite. */
export type ColumnValue = string | number | null;

/** Spans and content of one transaction, column values in the order below. */
export interface EncodedSpanBatch {
  spanCount: number;
  /** SPAN_VALUE_COUNT values per span, in SPAN_COLUMNS order without received_ms (set at commit). */
  spanValues: ColumnValue[];
  contentCount: number;
  /** CONTENT_VALUE_COUNT values per content record: project, trace, span, direction, text, finishReason, timeMs. */
  contentValues: ColumnValue[];
}

/** Values per span in EncodedSpanBatch.spanValues. */
export const SPAN_VALUE_COUNT = SPAN_COLUMNS.length - 1;
/** Values per content record in EncodedSpanBatch.contentValues. */
export const CONTENT_VALUE_COUNT = 7;

/** Serializes a batch once (JSON columns cached by object identity: spans share resources). */
export function encodeSpanBatch(batch: { spans: readonly SpanRow[]; content: readonly ContentRow[] }): EncodedSpanBatch {
  const json = makeJsonCache();
  const spanValues: ColumnValue[] = new Array(batch.spans.length * SPAN_VALUE_COUNT);
  let o = 0;
  for (const s of batch.spans) {
    spanValues[o++] = s.projectId;
    spanValues[o++] = s.traceId;
    spanValues[o++] = s.spanId;
    spanValues[o++] = s.parentSpanId;
    spanValues[o++] = s.name;
    spanValues[o++] = s.kind;
    spanValues[o++] = s.startTimeUnixNano;
    spanValues[o++] = s.endTimeUnixNano;
    spanValues[o++] = s.startMs;
    spanValues[o++] = s.durationMs;
    spanValues[o++] = s.statusCode;
    spanValues[o++] = s.statusMessage;
    spanValues[o++] = s.serviceName;
    spanValues[o++] = s.release;
    spanValues[o++] = s.environment;
    spanValues[o++] = json(s.attributes);
    spanValues[o++] = json(s.resource);
    spanValues[o++] = json(s.events);
    spanValues[o++] = json(s.links);
    spanValues[o++] = JSON.stringify(s.facts);
    spanValues[o++] = s.scopeName;
    spanValues[o++] = s.scopeVersion;
  }
  const contentValues: ColumnValue[] = [];
  for (const c of batch.content) contentValues.push(c.projectId, c.traceId, c.spanId, c.direction, c.text, c.finishReason, c.timeMs);
  return { spanCount: batch.spans.length, spanValues, contentCount: batch.content.length, contentValues };
}

/** The values of span `i` (a fresh array the caller may extend). */
export function spanValuesAt(batch: EncodedSpanBatch, i: number): ColumnValue[] {
  return batch.spanValues.slice(i * SPAN_VALUE_COUNT, (i + 1) * SPAN_VALUE_COUNT);
}

/** Span `i` in the shape the trace-fact recomputation reads back from the table (facts still JSON). */
export function spanForFactsAt(batch: EncodedSpanBatch, i: number): StoredSpanForFacts {
  const v = batch.spanValues;
  const o = i * SPAN_VALUE_COUNT;
  return {
    project_id: v[o] as string,
    trace_id: v[o + 1] as string,
    span_id: v[o + 2] as string,
    parent_span_id: v[o + 3] as string | null,
    name: v[o + 4] as string,
    start_ms: v[o + 8] as number,
    duration_ms: v[o + 9] as number,
    status_code: v[o + 10] as number,
    service_name: v[o + 12] as string | null,
    release: v[o + 13] as string | null,
    environment: v[o + 14] as string | null,
    facts: v[o + 19] as string,
  };
}

/** Content record `i` as a ContentRow. */
export function contentAt(batch: EncodedSpanBatch, i: number): ContentRow {
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
