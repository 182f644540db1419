/**
 * OTLP/JSON ExportLogsServiceRequest -> WireLogRecord[] with one JSON.parse. Records without trace
 * context are accepted (ids null); malformed ids or timestamps reject the record, not the batch.
 */
import {
  JsonShapeError, jsonAnyValue, jsonAttributes, jsonId, jsonList, jsonObject, jsonTime, parseJsonObject,
} from './jsonCommon.js';
import { RejectTally, type RejectReason } from './RejectTally.js';
import type { Attributes, DecodeResult, WireLogRecord } from './wireTypes.js';

/** Decodes an OTLP/JSON ExportLogsServiceRequest. */
export function decodeLogsJson(bytes: Uint8Array): DecodeResult<WireLogRecord> {
  const root = parseJsonObject(bytes);
  if (typeof root === 'string') return { ok: false, message: root };
  if (root.resourceLogs === undefined && root.resource_logs !== undefined) {
    return { ok: false, message: 'snake_case keys are not OTLP/JSON: expected "resourceLogs" (lowerCamelCase), got "resource_logs"' };
  }
  const items: WireLogRecord[] = [];
  const tally = new RejectTally();
  try {
    for (const rlValue of jsonList(root.resourceLogs, 'resourceLogs')) {
      const rl = jsonObject(rlValue, 'resourceLogs[]');
      if (rl.scopeLogs === undefined && rl.scope_logs !== undefined) {
        throw new JsonShapeError('snake_case keys are not OTLP/JSON: expected "scopeLogs", got "scope_logs"');
      }
      const resource = jsonAttributes(jsonObject(rl.resource, 'resource').attributes, {});
      const scopeList = jsonList(rl.scopeLogs, 'scopeLogs');
      const scopeLogs = scopeList.length > 0 ? scopeList : jsonList(rl.instrumentationLibraryLogs, 'instrumentationLibraryLogs');
      for (const slValue of scopeLogs) {
        for (const recValue of jsonList(jsonObject(slValue, 'scopeLogs[]').logRecords, 'logRecords')) {
          const rec = toWireLogRecord(recValue, resource);
          if (typeof rec === 'string') tally.add(rec);
          else items.push(rec);
        }
      }
    }
  } catch (err) {
    if (err instanceof JsonShapeError) return { ok: false, message: `invalid OTLP/JSON ExportLogsServiceRequest: ${err.message}` };
    if (err instanceof RangeError) return { ok: false, message: 'invalid OTLP/JSON ExportLogsServiceRequest: values nested too deeply' };
    throw err;
  }
  return { ok: true, items, rejected: tally.toList() };
}

function toWireLogRecord(value: unknown, resource: Attributes): WireLogRecord | RejectReason {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'invalid_log_record';
  const l = value as Record<string, unknown>;
  const traceId = jsonId(l.traceId, 16);
  if (traceId === undefined) return 'invalid_trace_id';
  const spanId = jsonId(l.spanId, 8);
  if (spanId === undefined) return 'invalid_span_id';
  const time = jsonTime(l.timeUnixNano);
  const observed = jsonTime(l.observedTimeUnixNano);
  if (time === undefined || observed === undefined) return 'invalid_timestamp';
  try {
    const attributes = jsonAttributes(l.attributes, {});
    const attrEvent = attributes['event.name'];
    return {
      traceId: traceId || null,
      spanId: spanId || null,
      timeUnixNano: time !== '0' ? time : observed,
      eventName: typeof l.eventName === 'string' && l.eventName !== '' ? l.eventName
        : typeof attrEvent === 'string' && attrEvent !== '' ? attrEvent : null,
      body: jsonAnyValue(l.body),
      attributes,
      resource,
    };
  } catch (err) {
    if (err instanceof JsonShapeError) return err.reason;
    throw err;
  }
}
