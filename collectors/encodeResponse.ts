/**
 * OTLP/HTTP response bodies: Export*ServiceResponse (200, optionally with partial_success) and
 * google.rpc.Status (4xx/5xx), in the request's format so the response mirrors its Content-Type.
 */
import type { ContentFormat } from './contentFormatOf.js';

/** A response body and the Content-Type to send it with. */
export interface EncodedResponse {
  contentType: string;
  body: Buffer;
}

/** Which export service the response belongs to (names the rejected-count field). */
export type Signal = 'traces' | 'logs' | 'metrics';

const REJECTED_FIELD: Record<Signal, string> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

const CONTENT_TYPE: Record<ContentFormat, string> = { json: 'application/json', protobuf: 'application/x-protobuf' };

/** Export{Trace,Logs,Metrics}ServiceResponse. `partial_success` is set only when something was
 * rejected or a message is given (rejected 0 + message is the spec's warning channel); else `{}` / empty. */
export function encodeExportResponse(
  format: ContentFormat,
  opts: { rejected?: number; message?: string; signal?: Signal } = {},
): EncodedResponse {
  const rejected = Math.max(0, Math.trunc(opts.rejected ?? 0));
  const message = opts.message ?? '';
  const partial = rejected > 0 || message !== '';
  if (format === 'json') {
    const body = partial
      ? { partialSuccess: { [REJECTED_FIELD[opts.signal ?? 'traces']]: String(rejected), ...(message !== '' ? { errorMessage: message } : {}) } }
      : {};
    return { contentType: CONTENT_TYPE.json, body: Buffer.from(JSON.stringify(body)) };
  }
  if (!partial) return { contentType: CONTENT_TYPE.protobuf, body: Buffer.alloc(0) };
  // ExportXPartialSuccess {1 rejected_* int64, 2 error_message string}
  const inner = new ProtoWriter();
  if (rejected > 0) inner.tag(1, 0).varint(rejected);
  if (message !== '') inner.tag(2, 2).bytes(Buffer.from(message, 'utf8'));
  return { contentType: CONTENT_TYPE.protobuf, body: new ProtoWriter().tag(1, 2).bytes(inner.finish()).finish() };
}

/** google.rpc.Status {1 code int32, 2 message string, 3 details (not emitted)}; JSON `{code, message}`. */
export function encodeStatus(format: ContentFormat, status: { code: number; message: string }): EncodedResponse {
  if (format === 'json') {
    return { contentType: CONTENT_TYPE.json, body: Buffer.from(JSON.stringify({ code: status.code, message: status.message })) };
  }
  const w = new ProtoWriter();
  if (status.code !== 0) w.tag(1, 0).varint(status.code);
  if (status.message !== '') w.tag(2, 2).bytes(Buffer.from(status.message, 'utf8'));
  return { contentType: CONTENT_TYPE.protobuf, body: w.finish() };
}

/** Just enough of a protobuf writer for the small response messages (also google.rpc.Status details). */
export class ProtoWriter {
  private readonly parts: number[] = [];
  private readonly chunks: Buffer[] = [];

  tag(field: number, wireType: number): this {
    return this.varint(field * 8 + wireType);
  }

  /** Writes a non-negative integer (or a negative int32/int64, as 10-byte two's complement). */
  varint(value: number): this {
    let v = BigInt.asUintN(64, BigInt(Math.trunc(value)));
    while (v >= 0x80n) {
      this.parts.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.parts.push(Number(v));
    return this;
  }

  bytes(data: Buffer): this {
    this.varint(data.length);
    this.flush();
    this.chunks.push(data);
    return this;
  }

  finish(): Buffer {
    this.flush();
    return Buffer.concat(this.chunks);
  }

  private flush(): void {
    if (this.parts.length > 0) this.chunks.push(Buffer.from(this.parts.splice(0)));
  }
}
