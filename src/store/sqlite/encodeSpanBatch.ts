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

/**
 * An EncodedSpanBatch in transferable memory: every string as UTF-8 in one byte buffer, numbers in a
 * Float64Array. Posting it moves four ArrayBuffers to the worker without copying; structured-cloning
 * the ~2 KB of strings per span costs the sending thread about as much again (bench/sqliteWorkerTransfer.ts).
 */
export interface PackedSpanBatch {
  spanCount: number;
  contentCount: number;
  /** Per value (span values, then content values): 0 null, 1 number, 2 string. */
  types: Uint8Array;
  /** Per value: the number, or the end offset in `bytes` of the string (it starts where the previous one ended). */
  nums: Float64Array;
  /** UTF-8 of all strings, back to back (only the first `byteLength` bytes are used). */
  bytes: Uint8Array;
  byteLength: number;
}

/** Packs a batch for postMessage; pass packedTransferList(packed) as the transfer list. */
export function packSpanBatch(batch: EncodedSpanBatch): PackedSpanBatch {
  const count = batch.spanValues.length + batch.contentValues.length;
  const types = new Uint8Array(count);
  const nums = new Float64Array(count);
  let chars = 0;
  for (const v of batch.spanValues) if (typeof v === 'string') chars += v.length;
  for (const v of batch.contentValues) if (typeof v === 'string') chars += v.length;
  let bytes = Buffer.allocUnsafeSlow(chars + 65_536);
  let offset = 0;
  let i = 0;
  const put = (v: ColumnValue) => {
    if (v === null) types[i] = 0;
    else if (typeof v === 'number') ((types[i] = 1), (nums[i] = v));
    else {
      // Mostly ASCII: one byte per char; grow only when the worst case (3 bytes per UTF-16 unit) might not fit.
      if (offset + v.length * 3 > bytes.length && offset + Buffer.byteLength(v) > bytes.length) {
        const grown = Buffer.allocUnsafeSlow(Math.max(bytes.length * 2, offset + Buffer.byteLength(v)));
        bytes.copy(grown, 0, 0, offset);
        bytes = grown;
      }
      offset += bytes.write(v, offset);
      types[i] = 2;
      nums[i] = offset;
    }
    i++;
  };
  for (const v of batch.spanValues) put(v);
  for (const v of batch.contentValues) put(v);
  return { spanCount: batch.spanCount, contentCount: batch.contentCount, types, nums, bytes, byteLength: offset };
}

/** The ArrayBuffers to transfer with a packed batch (the sender must not use it afterwards). */
export function packedTransferList(packed: PackedSpanBatch): ArrayBuffer[] {
  return [packed.types.buffer, packed.nums.buffer, packed.bytes.buffer] as ArrayBuffer[];
}

/** Unpacks a batch posted by packSpanBatch (strings decoded from UTF-8). */
export function unpackSpanBatch(packed: PackedSpanBatch): EncodedSpanBatch {
  const bytes = Buffer.from(packed.bytes.buffer, packed.bytes.byteOffset, packed.byteLength);
  const { types, nums } = packed;
  const values: ColumnValue[] = new Array(types.length);
  let start = 0;
  for (let i = 0; i < types.length; i++) {
    const type = types[i];
    if (type === 2) {
      const end = nums[i]!;
      values[i] = bytes.toString('utf8', start, end);
      start = end;
    } else values[i] = type === 1 ? nums[i]! : null;
  }
  const spanEnd = packed.spanCount * SPAN_VALUE_COUNT;
  return { spanCount: packed.spanCount, spanValues: values.slice(0, spanEnd), contentCount: packed.contentCount, contentValues: values.slice(spanEnd) };
}
