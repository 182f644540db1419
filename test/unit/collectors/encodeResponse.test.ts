/** Response bodies decode with the real exporter's response deserializers (and protobufjs for Status). */
import { JsonLogsSerializer, JsonMetricsSerializer, JsonTraceSerializer, ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { encodeExportResponse, encodeStatus } from '../../../collectors/index.js';

const deserializers = {
  traces: { json: JsonTraceSerializer, protobuf: ProtobufTraceSerializer, field: 'rejectedSpans' },
  logs: { json: JsonLogsSerializer, protobuf: ProtobufLogsSerializer, field: 'rejectedLogRecords' },
  metrics: { json: JsonMetricsSerializer, protobuf: ProtobufMetricsSerializer, field: 'rejectedDataPoints' },
} as const;

const StatusType = protobuf.Root.fromJSON({
  nested: { google: { nested: { rpc: { nested: { Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 }, details: { rule: 'repeated', type: 'bytes', id: 3 } } } } } } } },
}).lookupType('google.rpc.Status');

describe('encodeExportResponse', () => {
  it.each([
    { signal: 'traces' as const }, { signal: 'logs' as const }, { signal: 'metrics' as const },
  ])('full success is {} / an empty protobuf message ($signal)', ({ signal }) => {
    const json = encodeExportResponse('json', { signal });
    expect(json.contentType).toBe('application/json');
    expect(json.body.toString()).toBe('{}');
    const proto = encodeExportResponse('protobuf', { signal, rejected: 0 });
    expect(proto.contentType).toBe('application/x-protobuf');
    expect(proto.body.length).toBe(0);
    expect(deserializers[signal].protobuf.deserializeResponse(proto.body)).toEqual({});
  });

  it.each([
    { signal: 'traces' as const, rejected: 3, message: '3 spans rejected: invalid_trace_id=3' },
    { signal: 'logs' as const, rejected: 1, message: 'invalid_timestamp=1' },
    { signal: 'metrics' as const, rejected: 200000, message: 'ünïcode ✓' },
    { signal: 'traces' as const, rejected: 0, message: 'warning: 2 mapping warnings' },
  ])('partial success for $signal (rejected $rejected)', ({ signal, rejected, message }) => {
    const { json, protobuf: pb, field } = deserializers[signal];
    const jsonBody = encodeExportResponse('json', { signal, rejected, message }).body;
    expect(JSON.parse(jsonBody.toString())).toEqual({ partialSuccess: { [field]: String(rejected), errorMessage: message } });
    expect(json.deserializeResponse(jsonBody)).toEqual({ partialSuccess: { [field]: String(rejected), errorMessage: message } });
    const decoded = pb.deserializeResponse(encodeExportResponse('protobuf', { signal, rejected, message }).body) as { partialSuccess?: Record<string, unknown> };
    expect(decoded.partialSuccess?.errorMessage).toBe(message);
    expect(Number(decoded.partialSuccess?.[field] ?? 0)).toBe(rejected);
  });

  it('defaults to traces field names', () => {
    expect(JSON.parse(encodeExportResponse('json', { rejected: 2 }).body.toString())).toEqual({ partialSuccess: { rejectedSpans: '2' } });
  });
});

describe('encodeStatus', () => {
  it.each([
    { code: 3, message: 'invalid protobuf ExportTraceServiceRequest: truncated varint' },
    { code: 8, message: 'queue full, retry later' },
    { code: 16, message: '' },
  ])('code $code', ({ code, message }) => {
    const json = encodeStatus('json', { code, message });
    expect(json.contentType).toBe('application/json');
    expect(JSON.parse(json.body.toString())).toEqual({ code, message });
    const proto = encodeStatus('protobuf', { code, message });
    expect(proto.contentType).toBe('application/x-protobuf');
    expect(StatusType.toObject(StatusType.decode(proto.body), { defaults: true })).toEqual({ code, message, details: [] });
  });
});
