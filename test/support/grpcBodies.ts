/** OTLP protobuf bodies and gRPC status details for the gRPC receiver's e2e tests. */
import http2 from 'node:http2';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs';

/** `traces` traces of `spansPerTrace` spans each, finished by the real SDK (not exported anywhere). */
export function sdkSpans(traces: number, spansPerTrace: number, serviceName = 'grpc-e2e'): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('e2e');
  for (let t = 0; t < traces; t++) {
    const root = tracer.startSpan('invoke_agent support', { kind: SpanKind.INTERNAL });
    const parent = trace.setSpan(ROOT_CONTEXT, root);
    for (let c = 1; c < spansPerTrace; c++) {
      const attributes = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 10 };
      tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes }, parent).end();
    }
    root.end();
  }
  return exporter.getFinishedSpans();
}

/** The ExportTraceServiceRequest the SDK's protobuf serializer makes of `spans`. */
export function traceRequest(spans: ReadableSpan[]): Buffer {
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
}

/** A copy of `span` whose span id is all zeros (invalid: the receiver rejects it with partialSuccess). */
export function withInvalidSpanId(span: ReadableSpan): ReadableSpan {
  const context = { ...span.spanContext(), spanId: '0000000000000000' };
  return Object.assign(Object.create(Object.getPrototypeOf(span)), span, { spanContext: () => context }) as ReadableSpan;
}

const rpc = protobuf.parse(`
  syntax = "proto3";
  package google.rpc;
  message Duration { int64 seconds = 1; int32 nanos = 2; }
  message Any { string type_url = 1; bytes value = 2; }
  message Status { int32 code = 1; string message = 2; repeated Any details = 3; }
  message RetryInfo { Duration retry_delay = 1; }
`, { keepCase: true }).root;

/** Decodes `grpc-status-details-bin`: the Status code and message, and RetryInfo's delay (seconds) when present. */
export function decodeStatusDetails(bytes: Buffer): { code: number; message: string; retryDelaySeconds: number | null } {
  const status = rpc.lookupType('google.rpc.Status').toObject(rpc.lookupType('google.rpc.Status').decode(bytes), { longs: Number, defaults: true }) as {
    code: number;
    message: string;
    details: Array<{ type_url: string; value: Uint8Array }>;
  };
  const retry = status.details.find((d) => d.type_url === 'type.googleapis.com/google.rpc.RetryInfo');
  const retryInfo = retry
    ? (rpc.lookupType('google.rpc.RetryInfo').toObject(rpc.lookupType('google.rpc.RetryInfo').decode(retry.value), { longs: Number, defaults: true }) as { retry_delay?: { seconds: number } })
    : null;
  return { code: status.code, message: status.message, retryDelaySeconds: retryInfo ? (retryInfo.retry_delay?.seconds ?? 0) : null };
}

/**
 * One gRPC call over a raw HTTP/2 stream, for what a well-behaved client library never sends (a
 * message flagged compressed that is not gzip, a gzip bomb). Resolves to the grpc-status it gets.
 */
export function rawGrpcCall(address: string, path: string, message: Buffer, opts: { compressedFlag: boolean; encoding?: string }): Promise<{ grpcStatus: number; message: string; statusDetails: Buffer | null }> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://${address}`);
    session.on('error', reject);
    const req = session.request({
      ':method': 'POST',
      ':path': path,
      'content-type': 'application/grpc',
      te: 'trailers',
      ...(opts.encoding ? { 'grpc-encoding': opts.encoding } : {}),
    });
    let status: string | undefined;
    let statusMessage = '';
    let statusDetails: Buffer | null = null;
    const take = (headers: http2.IncomingHttpHeaders) => {
      if (headers['grpc-status'] !== undefined) {
        status = String(headers['grpc-status']);
        statusMessage = decodeURIComponent(String(headers['grpc-message'] ?? ''));
        const details = headers['grpc-status-details-bin'];
        if (typeof details === 'string') statusDetails = Buffer.from(details, 'base64');
      }
    };
    req.on('response', take);
    req.on('trailers', take);
    req.on('data', () => {});
    req.on('error', reject);
    req.on('close', () => {
      session.close();
      if (status === undefined) reject(new Error('no grpc-status received'));
      else resolve({ grpcStatus: Number(status), message: statusMessage, statusDetails });
    });
    const prefix = Buffer.alloc(5);
    prefix[0] = opts.compressedFlag ? 1 : 0;
    prefix.writeUInt32BE(message.length, 1);
    req.end(Buffer.concat([prefix, message]));
  });
}
