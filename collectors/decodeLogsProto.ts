/**
 * Protobuf ExportLogsServiceRequest -> WireLogRecord[] in one pass
 * (field numbers from opentelemetry/proto/logs/v1/logs.proto).
 */
import { readAnyValue, readKeyValue, readResource } from './protoCommon.js';
import { ProtoError, ProtoReader } from './protoReader.js';
import { RejectTally, type RejectReason } from './RejectTally.js';
import type { AttrValue, Attributes, DecodeResult, WireLogRecord } from './wireTypes.js';

/** Decodes a binary ExportLogsServiceRequest; bad framing fails the request, bad records are counted. */
export function decodeLogsProto(bytes: Uint8Array): DecodeResult<WireLogRecord> {
  const r = new ProtoReader(bytes);
  const items: WireLogRecord[] = [];
  const tally = new RejectTally();
  try {
    const end = bytes.length;
    while (r.pos < end) {
      const tag = r.uint32();
      if (tag === 0x0a) readResourceLogs(r, r.delimitedEnd(end), items, tally);
      else r.skip(tag & 7, end);
    }
  } catch (err) {
    if (err instanceof ProtoError) return { ok: false, message: `invalid protobuf ExportLogsServiceRequest: ${err.message}` };
    if (err instanceof RangeError) return { ok: false, message: 'invalid protobuf ExportLogsServiceRequest: values nested too deeply' };
    throw err;
  }
  return { ok: true, items, rejected: tally.toList() };
}

const NO_RESOURCE: Attributes = {};

/** ResourceLogs {1 resource, 2 scope_logs, 3 schema_url, 1000 instrumentation_library_logs (pre-1.0)}. */
function readResourceLogs(r: ProtoReader, end: number, items: WireLogRecord[], tally: RejectTally): void {
  let resource: Attributes | null = null;
  const first = items.length;
  let sawScopeLogs = false;
  let legacy: WireLogRecord[] | null = null;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) resource = readResource(r, r.delimitedEnd(end));
    else if (tag === 0x12) { sawScopeLogs = true; readScopeLogs(r, r.delimitedEnd(end), items, tally); }
    else if (tag === 8002) readScopeLogs(r, r.delimitedEnd(end), (legacy ??= []), tally);
    else r.skip(tag & 7, end);
  }
  if (legacy !== null && !sawScopeLogs) for (const rec of legacy) items.push(rec);
  const res = resource ?? {};
  for (let i = first; i < items.length; i++) (items[i] as WireLogRecord).resource = res;
}

/** ScopeLogs {1 scope, 2 log_records, 3 schema_url}; the scope is not part of WireLogRecord. */
function readScopeLogs(r: ProtoReader, end: number, items: WireLogRecord[], tally: RejectTally): void {
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x12) {
      const recEnd = r.delimitedEnd(end);
      const rec = readLogRecordSafely(r, recEnd);
      if (typeof rec === 'string') tally.add(rec);
      else items.push(rec);
    } else r.skip(tag & 7, end);
  }
}

/** A record with intact outer framing but malformed content is rejected alone. */
function readLogRecordSafely(r: ProtoReader, end: number): WireLogRecord | RejectReason {
  try {
    return readLogRecord(r, end);
  } catch (err) {
    if (!(err instanceof ProtoError)) throw err;
    r.pos = end;
    return 'invalid_log_record';
  }
}

/** LogRecord {1 time fixed64, 11 observed_time fixed64, 2 severity_number, 3 severity_text, 5 body,
 * 6 attributes, 8 flags, 9 trace_id, 10 span_id, 12 event_name}. */
function readLogRecord(r: ProtoReader, end: number): WireLogRecord | RejectReason {
  let time = '0';
  let observed = '0';
  let body: AttrValue = null;
  const attributes: Attributes = {};
  let traceId: string | null = '';
  let spanId: string | null = '';
  let eventName = '';
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x09: time = r.fixed64String(); break;
      case 0x59: observed = r.fixed64String(); break;
      case 0x2a: body = readAnyValue(r, r.delimitedEnd(end)); break;
      case 0x32: readKeyValue(r, r.delimitedEnd(end), attributes); break;
      case 0x4a: traceId = r.hexId(end); break;
      case 0x52: spanId = r.hexId(end); break;
      case 0x62: eventName = r.string(end); break;
      default: r.skip(tag & 7, end);
    }
  }
  if (traceId !== null && traceId !== '' && traceId.length !== 32) return 'invalid_trace_id';
  if (spanId !== null && spanId !== '' && spanId.length !== 16) return 'invalid_span_id';
  const attrEvent = attributes['event.name'];
  return {
    traceId: traceId || null,
    spanId: spanId || null,
    timeUnixNano: time !== '0' ? time : observed,
    eventName: eventName !== '' ? eventName : typeof attrEvent === 'string' && attrEvent !== '' ? attrEvent : null,
    body,
    attributes,
    resource: NO_RESOURCE,
  };
}
