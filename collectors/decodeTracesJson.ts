/**
 * OTLP/JSON ExportTraceServiceRequest -> WireSpan[] with one JSON.parse. Container shape errors fail
 * the request (400); a bad span is rejected and counted without poisoning its batch.
 */
import {
  JsonShapeError, jsonAttributes, jsonEnum, jsonId, jsonList, jsonObject, jsonScope, jsonTime, parseJsonObject,
} from './jsonCommon.js';
import { takeTruncatedValues } from './anyValueDepth.js';
import { RejectTally, type RejectReason } from './RejectTally.js';
import type { Attributes, DecodeResult, SpanKindCode, StatusCode, WireEvent, WireLink, WireSpan } from './wireTypes.js';

const KIND_NAMES = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/** Decodes an OTLP/JSON ExportTraceServiceRequest. */
export function decodeTracesJson(bytes: Uint8Array): DecodeResult<WireSpan> {
  const root = parseJsonObject(bytes);
  if (typeof root === 'string') return { ok: false, message: root };
  if (root.resourceSpans === undefined && root.resource_spans !== undefined) {
    return { ok: false, message: 'snake_case keys are not OTLP/JSON: expected "resourceSpans" (lowerCamelCase), got "resource_spans"' };
  }
  const items: WireSpan[] = [];
  const tally = new RejectTally();
  try {
    for (const rsValue of jsonList(root.resourceSpans, 'resourceSpans')) {
      const rs = jsonObject(rsValue, 'resourceSpans[]');
      if (rs.scopeSpans === undefined && rs.scope_spans !== undefined) {
        throw new JsonShapeError('snake_case keys are not OTLP/JSON: expected "scopeSpans", got "scope_spans"');
      }
      const resource = jsonAttributes(jsonObject(rs.resource, 'resource').attributes, {});
      const scopeList = jsonList(rs.scopeSpans, 'scopeSpans');
      const scopeSpans = scopeList.length > 0 ? scopeList : jsonList(rs.instrumentationLibrarySpans, 'instrumentationLibrarySpans');
      for (const ssValue of scopeSpans) {
        const ss = jsonObject(ssValue, 'scopeSpans[]');
        const scope = jsonScope(ss.scope ?? ss.instrumentationLibrary);
        for (const spanValue of jsonList(ss.spans, 'spans')) {
          const span = toWireSpan(spanValue, resource, scope);
          if (typeof span === 'string') tally.add(span);
          else items.push(span);
        }
      }
    }
  } catch (err) {
    if (err instanceof JsonShapeError) return { ok: false, message: `invalid OTLP/JSON ExportTraceServiceRequest: ${err.message}` };
    if (err instanceof RangeError) return { ok: false, message: 'invalid OTLP/JSON ExportTraceServiceRequest: values nested too deeply' };
    throw err;
  }
  return { ok: true, items, rejected: tally.toList() };
}

function toWireSpan(value: unknown, resource: Attributes, scope: { name: string; version: string }): WireSpan | RejectReason {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'invalid_span';
  const s = value as Record<string, unknown>;
  const traceId = jsonId(s.traceId, 16);
  if (!traceId) return 'invalid_trace_id';
  const spanId = jsonId(s.spanId, 8);
  if (!spanId) return 'invalid_span_id';
  const parentSpanId = jsonId(s.parentSpanId, 8);
  if (parentSpanId === undefined) return 'invalid_parent_span_id';
  const start = jsonTime(s.startTimeUnixNano);
  if (start === undefined || start === '0') return 'invalid_start_time';
  const end = jsonTime(s.endTimeUnixNano);
  if (end === undefined || end === '0') return 'invalid_end_time';
  const status = s.status !== null && typeof s.status === 'object' ? (s.status as Record<string, unknown>) : {};
  takeTruncatedValues();
  try {
    const span: WireSpan = {
      traceId,
      spanId,
      parentSpanId: parentSpanId === '' ? null : parentSpanId,
      name: typeof s.name === 'string' ? s.name : '',
      kind: jsonEnum(s.kind, KIND_NAMES) as SpanKindCode,
      startTimeUnixNano: start,
      endTimeUnixNano: end,
      attributes: jsonAttributes(s.attributes, {}),
      events: jsonList(s.events, 'events').map(toWireEvent),
      links: jsonList(s.links, 'links').map(toWireLink).filter((l): l is WireLink => l !== null),
      status: { code: jsonEnum(status.code, STATUS_NAMES) as StatusCode, message: typeof status.message === 'string' ? status.message : '' },
      resource,
      scope,
    };
    const truncated = takeTruncatedValues();
    if (truncated > 0) span.truncatedValues = truncated;
    return span;
  } catch (err) {
    if (err instanceof JsonShapeError) return err.reason;
    throw err;
  }
}

function toWireEvent(value: unknown): WireEvent {
  const e = jsonObject(value, 'event');
  const time = jsonTime(e.timeUnixNano);
  if (time === undefined) throw new JsonShapeError('event timeUnixNano must be a uint64');
  return { timeUnixNano: time, name: typeof e.name === 'string' ? e.name : '', attributes: jsonAttributes(e.attributes, {}) };
}

/** A link, or null (dropped) when its ids are missing or malformed. */
function toWireLink(value: unknown): WireLink | null {
  const l = jsonObject(value, 'link');
  const traceId = jsonId(l.traceId, 16);
  const spanId = jsonId(l.spanId, 8);
  if (!traceId || !spanId) return null;
  return { traceId, spanId, attributes: jsonAttributes(l.attributes, {}) };
}
