/**
 * Protobuf ExportTraceServiceRequest -> WireSpan[] in one pass
 * (field numbers from opentelemetry/proto/trace/v1/trace.proto).
 */
import { takeTruncatedValues } from './anyValueDepth.js';
import { readKeyValue, readResource, readScope, type WireScope } from './protoCommon.js';
import { ProtoError, ProtoReader } from './protoReader.js';
import { RejectTally, type RejectReason } from './RejectTally.js';
import type { Attributes, DecodeResult, SpanKindCode, StatusCode, WireEvent, WireLink, WireSpan } from './wireTypes.js';

/** Which span messages to decode: index `from` (inclusive) to `to` (exclusive), in wire order. */
interface SpanRange {
  from: number;
  to: number;
  /** Span messages met so far (advanced by the walk). */
  next: number;
}

/**
 * Decodes a binary ExportTraceServiceRequest; bad framing fails the request, bad spans are counted.
 * With `from`/`to`, only the span messages with those indexes (in wire order, see countTracesProto)
 * are decoded; the others are skipped by their length, so a large request can be decoded slice by slice.
 */
export function decodeTracesProto(bytes: Uint8Array, from = 0, to = Infinity): DecodeResult<WireSpan> {
  const r = new ProtoReader(bytes);
  const items: WireSpan[] = [];
  const tally = new RejectTally();
  const range: SpanRange = { from, to, next: 0 };
  try {
    const end = bytes.length;
    while (r.pos < end && range.next < range.to) {
      const tag = r.uint32();
      if (tag === 0x0a) readResourceSpans(r, r.delimitedEnd(end), items, tally, range);
      else r.skip(tag & 7, end);
    }
  } catch (err) {
    if (err instanceof ProtoError) return { ok: false, message: `invalid protobuf ExportTraceServiceRequest: ${err.message}` };
    if (err instanceof RangeError) return { ok: false, message: 'invalid protobuf ExportTraceServiceRequest: values nested too deeply' };
    throw err;
  }
  return { ok: true, items, rejected: tally.toList() };
}

/** ResourceSpans {1 resource, 2 scope_spans, 3 schema_url, 1000 instrumentation_library_spans (pre-1.0)}. */
function readResourceSpans(r: ProtoReader, end: number, items: WireSpan[], tally: RejectTally, range: SpanRange): void {
  let resource: Attributes | null = null;
  let resourceRaw: Uint8Array | undefined;
  const first = items.length;
  let sawScopeSpans = false;
  let legacy: WireSpan[] | null = null;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) {
      const resourceEnd = r.delimitedEnd(end);
      const resourceStart = r.pos;
      resource = readResource(r, resourceEnd);
      resourceRaw = r.buf.subarray(resourceStart, resourceEnd);
    } else if (tag === 0x12) { sawScopeSpans = true; readScopeSpans(r, r.delimitedEnd(end), items, tally, range); }
    else if (tag === 8002) readScopeSpans(r, r.delimitedEnd(end), (legacy ??= []), tally, range);
    else r.skip(tag & 7, end);
  }
  // The deprecated field counts only when the new one is absent (old collectors sent both).
  if (legacy !== null && !sawScopeSpans) for (const span of legacy) items.push(span);
  const res = resource ?? {};
  const raw = resourceRaw ?? EMPTY_BYTES;
  for (let i = first; i < items.length; i++) {
    const span = items[i] as WireSpan;
    span.resource = res;
    if (span.raw) span.raw.resource = raw;
  }
}

/** ScopeSpans {1 scope, 2 spans, 3 schema_url}. */
function readScopeSpans(r: ProtoReader, end: number, items: WireSpan[], tally: RejectTally, range: SpanRange): void {
  let scope: WireScope | null = null;
  const first = items.length;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) scope = readScope(r, r.delimitedEnd(end));
    else if (tag === 0x12) {
      const spanEnd = r.delimitedEnd(end);
      const index = range.next++;
      if (index < range.from || index >= range.to) {
        r.pos = spanEnd;
        continue;
      }
      const spanStart = r.pos;
      const span = readSpanSafely(r, spanEnd);
      if (typeof span === 'string') tally.add(span);
      else {
        // The span's own encoding, zero-copy: stores may keep it instead of re-serializing the span.
        span.raw = { span: r.buf.subarray(spanStart, spanEnd), resource: EMPTY_BYTES };
        items.push(span);
      }
    } else r.skip(tag & 7, end);
  }
  const sc = scope ?? { name: '', version: '' };
  for (let i = first; i < items.length; i++) (items[i] as WireSpan).scope = sc;
}

/**
 * The number of span messages in a binary ExportTraceServiceRequest (valid or not; the indexes
 * decodeTracesProto's from/to refer to), found by walking the framing without decoding a span; or
 * the message that makes the request undecodable.
 */
export function countTracesProto(bytes: Uint8Array): { ok: true; spans: number } | { ok: false; message: string } {
  const r = new ProtoReader(bytes);
  let spans = 0;
  try {
    const end = bytes.length;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag !== 0x0a) {
        r.skip(tag & 7, end);
        continue;
      }
      const rsEnd = r.delimitedEnd(end);
      while (r.pos < rsEnd) {
        const rsTag = r.uint32();
        if (rsTag !== 0x12 && rsTag !== 8002) {
          r.skip(rsTag & 7, rsEnd);
          continue;
        }
        const ssEnd = r.delimitedEnd(rsEnd);
        while (r.pos < ssEnd) {
          const ssTag = r.uint32();
          if (ssTag === 0x12) spans++;
          r.skip(ssTag & 7, ssEnd);
        }
      }
    }
  } catch (err) {
    if (err instanceof ProtoError) return { ok: false, message: `invalid protobuf ExportTraceServiceRequest: ${err.message}` };
    throw err;
  }
  return { ok: true, spans };
}

const NO_RESOURCE: Attributes = {};
const EMPTY_BYTES = new Uint8Array(0);
const NO_SCOPE: WireScope = { name: '', version: '' };

/**
 * Decodes one stored OTLP Span message (the bytes a WireSpan's `raw.span` held) back into the
 * WireSpan it was decoded to at ingest (resource and scope left empty: the caller supplies them).
 * Throws ProtoError if the bytes are not a valid span.
 */
export function decodeStoredSpan(bytes: Uint8Array): WireSpan {
  const span = readSpan(new ProtoReader(bytes), bytes.length);
  if (typeof span === 'string') throw new ProtoError(`stored span is invalid (${span})`);
  return span;
}

/** Decodes stored OTLP Resource message bytes into resource attributes. */
export function decodeStoredResource(bytes: Uint8Array): Attributes {
  return bytes.length === 0 ? {} : readResource(new ProtoReader(bytes), bytes.length);
}

/** A span whose own framing is intact but whose content is not (e.g. a LogRecord sent to /v1/traces,
 * whose trace_id lands on the attributes field number) is rejected alone: the outer lengths still hold. */
function readSpanSafely(r: ProtoReader, end: number): WireSpan | RejectReason {
  try {
    return readSpan(r, end);
  } catch (err) {
    if (!(err instanceof ProtoError)) throw err;
    r.pos = end;
    return 'invalid_span';
  }
}

/** Span; returns the reject reason instead of a span when its ids or times are invalid. */
function readSpan(r: ProtoReader, end: number): WireSpan | RejectReason {
  takeTruncatedValues();
  const span = readSpanFields(r, end);
  const truncated = takeTruncatedValues();
  if (truncated > 0 && typeof span !== 'string') span.truncatedValues = truncated;
  return span;
}

function readSpanFields(r: ProtoReader, end: number): WireSpan | RejectReason {
  let traceId: string | null = '';
  let spanId: string | null = '';
  let parentSpanId: string | null = null;
  let name = '';
  let kind = 0;
  let start = '0';
  let endTime = '0';
  const attributes: Attributes = {};
  const events: WireEvent[] = [];
  const links: WireLink[] = [];
  let statusCode = 0;
  let statusMessage = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x0a: traceId = r.hexId(end); break; // 1 trace_id
      case 0x12: spanId = r.hexId(end); break; // 2 span_id
      case 0x22: parentSpanId = r.hexId(end); break; // 4 parent_span_id
      case 0x2a: name = r.string(end); break; // 5 name
      case 0x30: kind = r.uint32(); break; // 6 kind
      case 0x39: start = r.fixed64String(); break; // 7 start_time_unix_nano
      case 0x41: endTime = r.fixed64String(); break; // 8 end_time_unix_nano
      case 0x4a: readKeyValue(r, r.delimitedEnd(end), attributes); break; // 9 attributes
      case 0x5a: events.push(readEvent(r, r.delimitedEnd(end))); break; // 11 events
      case 0x6a: { // 13 links
        const link = readLink(r, r.delimitedEnd(end));
        if (link !== null) links.push(link);
        break;
      }
      case 0x7a: { // 15 status {2 message, 3 code}
        const sEnd = r.delimitedEnd(end);
        while (r.pos < sEnd) {
          const t = r.uint32();
          if (t === 0x12) statusMessage = r.string(sEnd);
          else if (t === 0x18) statusCode = r.uint32();
          else r.skip(t & 7, sEnd);
        }
        break;
      }
      default:
        r.skip(tag & 7, end);
    }
  }
  if (traceId === null || traceId.length !== 32) return 'invalid_trace_id';
  if (spanId === null || spanId.length !== 16) return 'invalid_span_id';
  if (parentSpanId === '') parentSpanId = null;
  else if (parentSpanId !== null && parentSpanId.length !== 16) return 'invalid_parent_span_id';
  if (start === '0') return 'invalid_start_time';
  if (endTime === '0') return 'invalid_end_time';
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: (kind <= 5 ? kind : 0) as SpanKindCode,
    startTimeUnixNano: start,
    endTimeUnixNano: endTime,
    attributes,
    events,
    links,
    status: { code: (statusCode <= 2 ? statusCode : 0) as StatusCode, message: statusMessage },
    resource: NO_RESOURCE,
    scope: NO_SCOPE,
  };
}

/** Event {1 time_unix_nano fixed64, 2 name, 3 attributes, 4 dropped}. */
function readEvent(r: ProtoReader, end: number): WireEvent {
  let timeUnixNano = '0';
  let name = '';
  const attributes: Attributes = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x09) timeUnixNano = r.fixed64String();
    else if (tag === 0x12) name = r.string(end);
    else if (tag === 0x1a) readKeyValue(r, r.delimitedEnd(end), attributes);
    else r.skip(tag & 7, end);
  }
  return { timeUnixNano, name, attributes };
}

/** Link {1 trace_id, 2 span_id, 3 trace_state, 4 attributes, 5 dropped, 6 flags}; null when its ids are invalid. */
function readLink(r: ProtoReader, end: number): WireLink | null {
  let traceId: string | null = null;
  let spanId: string | null = null;
  const attributes: Attributes = {};
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) traceId = r.hexId(end);
    else if (tag === 0x12) spanId = r.hexId(end);
    else if (tag === 0x22) readKeyValue(r, r.delimitedEnd(end), attributes);
    else r.skip(tag & 7, end);
  }
  if (traceId === null || traceId.length !== 32 || spanId === null || spanId.length !== 16) return null;
  return { traceId, spanId, attributes };
}
