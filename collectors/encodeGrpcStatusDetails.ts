/**
 * The `grpc-status-details-bin` trailer of an OTLP/gRPC error: a google.rpc.Status whose details carry
 * a google.rpc.RetryInfo when the client should retry after a delay (overload, store briefly down).
 */
import { ProtoWriter } from './encodeResponse.js';

const RETRY_INFO_TYPE_URL = 'type.googleapis.com/google.rpc.RetryInfo';

/**
 * google.rpc.Status {1 code, 2 message, 3 repeated google.protobuf.Any details}; with
 * `retryDelaySeconds` one detail Any {1 type_url, 2 value: RetryInfo {1 retry_delay: Duration {1 seconds}}}.
 */
export function encodeGrpcStatusDetails(status: { code: number; message: string; retryDelaySeconds?: number }): Buffer {
  const w = new ProtoWriter();
  if (status.code !== 0) w.tag(1, 0).varint(status.code);
  if (status.message !== '') w.tag(2, 2).bytes(Buffer.from(status.message, 'utf8'));
  if (status.retryDelaySeconds !== undefined) {
    const duration = new ProtoWriter();
    const seconds = Math.max(0, Math.trunc(status.retryDelaySeconds));
    if (seconds > 0) duration.tag(1, 0).varint(seconds);
    const retryInfo = new ProtoWriter().tag(1, 2).bytes(duration.finish()).finish();
    const any = new ProtoWriter().tag(1, 2).bytes(Buffer.from(RETRY_INFO_TYPE_URL, 'utf8')).tag(2, 2).bytes(retryInfo).finish();
    w.tag(3, 2).bytes(any);
  }
  return w.finish();
}
