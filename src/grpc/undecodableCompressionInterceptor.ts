/**
 * A request message flagged compressed (gzip or deflate) that does not inflate is an undecodable body:
 * the OTLP spec wants INVALID_ARGUMENT (not retried) for it, but @grpc/grpc-js inflates the message
 * before any handler runs and answers INTERNAL itself. This server interceptor wraps the call's
 * inflate step so that failure becomes INVALID_ARGUMENT with the same status details as the
 * receiver's other undecodable answers. Other outcomes (too large inflated: RESOURCE_EXHAUSTED; an
 * unknown encoding: UNIMPLEMENTED) pass through unchanged.
 *
 * grpc-js has no public hook for this step: the interceptor replaces `decompressMessage` on the
 * call object it is given (grpc-js's own base call, as the first server interceptor), a method of
 * @grpc/grpc-js 1.14 (pinned in package.json). If a later version drops it, the call is left as is
 * (grpc-js's INTERNAL again) and the e2e test of this answer fails.
 */
import * as grpc from '@grpc/grpc-js';
import { encodeGrpcStatusDetails } from '../../collectors/index.js';

type Inflate = (message: Buffer, encoding: string) => Buffer | Promise<Buffer>;

/** The status of a message that does not inflate: INVALID_ARGUMENT, no RetryInfo. */
export function notInflatingStatus(encoding: string): { code: grpc.status; details: string; metadata: grpc.Metadata } {
  const details = `request message is flagged ${encoding}-compressed but does not inflate: send a valid ${encoding} stream or an uncompressed message`;
  const metadata = new grpc.Metadata();
  metadata.set('grpc-status-details-bin', encodeGrpcStatusDetails({ code: grpc.status.INVALID_ARGUMENT, message: details }));
  return { code: grpc.status.INVALID_ARGUMENT, details, metadata };
}

/** The interceptor; `onRefused` is called once per message answered INVALID_ARGUMENT here (for metrics). */
export function undecodableCompressionInterceptor(onRefused: (path: string) => void): grpc.ServerInterceptor {
  return (method, call) => {
    const base = call as unknown as { decompressMessage?: Inflate };
    const inflate = base.decompressMessage;
    if (typeof inflate !== 'function') return new grpc.ServerInterceptingCall(call);
    base.decompressMessage = async (message, encoding) => {
      try {
        return await inflate.call(call, message, encoding);
      } catch (error) {
        // grpc-js rejects with a status object; INTERNAL is its "Failed to decompress message".
        if ((error as { code?: unknown } | null)?.code !== grpc.status.INTERNAL) throw error;
        onRefused(method.path);
        throw notInflatingStatus(encoding);
      }
    };
    return new grpc.ServerInterceptingCall(call);
  };
}
