/**
 * OTLP/gRPC receivers (TraceService, LogsService, MetricsService Export) on their own port (default
 * 4317). The request message reaches the handler as its raw bytes (a pass-through deserializer) and is
 * decoded by the same protobuf decoder as OTLP/HTTP, so spans keep their wire bytes; grpc-js inflates
 * gzip/deflate and bounds the message (on the wire and inflated) by TRACEGATE_MAX_BODY_BYTES; a message
 * that does not inflate is INVALID_ARGUMENT (undecodableCompressionInterceptor.ts).
 * Same auth, admission (the shared InflightBudget: request slots, per project too, and body bytes in
 * memory; queue room), slicing, durability (the answer waits for the commit) and partialSuccess as HTTP.
 * grpc-js reads a whole message before the handler runs, so the byte budget bounds what is decoded,
 * not what is received; the receive limit and HTTP/2 flow control bound the rest.
 */
import * as grpc from '@grpc/grpc-js';
import { encodeExportResponse, encodeGrpcStatusDetails, type Signal } from '../../collectors/index.js';
import { AppError } from '../app/AppError.js';
import type { Authenticator } from '../app/auth/Authenticator.js';
import type { InflightBudget } from '../app/ingest/InflightBudget.js';
import { ingestExport, recordRejections } from '../app/ingest/ingestExport.js';
import { OVERLOAD_RETRY_AFTER_SECONDS, type IngestQueue } from '../app/ingest/IngestQueue.js';
import type { Logger } from '../app/logger.js';
import type { ServiceMetrics } from '../app/metrics/ServiceMetrics.js';
import type { Config } from '../config.js';
import { GRPC_STATUS } from './grpcStatus.js';
import { undecodableCompressionInterceptor } from './undecodableCompressionInterceptor.js';

/** What the gRPC receiver is given by the composition root. */
export interface GrpcDeps {
  config: Config;
  auth: Authenticator;
  queue: IngestQueue;
  /** OTLP request slots and body bytes in memory, shared with the HTTP receivers. */
  budget: InflightBudget;
  metrics: ServiceMetrics;
  logger: Logger;
}

/** A listening gRPC server. */
export interface RunningGrpcServer {
  port: number;
  /** Stops accepting and resolves once in-flight calls are answered. */
  close(): Promise<void>;
}

const SERVICE_PATH: Record<Signal, string> = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
};

const passThrough = (bytes: Buffer): Buffer => bytes;

function exportService(signal: Signal): grpc.ServiceDefinition {
  const method: grpc.MethodDefinition<Buffer, Buffer> = {
    path: SERVICE_PATH[signal],
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  };
  return { Export: method };
}

/** The answer to one Export call: a response message, or a status (with RetryInfo when retryable). */
type Reply = { ok: true; body: Buffer } | { ok: false; code: grpc.status; message: string; reason: string; retryAfterSeconds?: number };

/** The peer's IP address from grpc-js's `host:port` (IPv6 hosts may come bracketed). */
export function peerAddressOf(peer: string): string {
  const colon = peer.lastIndexOf(':');
  const host = colon > 0 && /^\d+$/.test(peer.slice(colon + 1)) ? peer.slice(0, colon) : peer;
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** The two metadata entries auth reads, as the header record the Authenticator takes. */
function authHeadersOf(metadata: grpc.Metadata): Record<string, string | undefined> {
  const first = (key: string) => {
    const value = metadata.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  };
  return { authorization: first('authorization'), 'x-api-key': first('x-api-key') };
}

/** Handles one Export call, with the HTTP receivers' admission rules and outcomes. */
async function answer(deps: GrpcDeps, signal: Signal, call: grpc.ServerUnaryCall<Buffer, Buffer>): Promise<Reply> {
  const { config, metrics, budget } = deps;
  const retry = OVERLOAD_RETRY_AFTER_SECONDS;
  const auth = await deps.auth.authenticate(authHeadersOf(call.metadata), peerAddressOf(call.getPeer()));
  if (!auth.ok) return { ok: false, code: grpc.status.UNAUTHENTICATED, message: auth.message, reason: 'unauthorized' };
  const entered = budget.enter(auth.projectId);
  if (!entered.ok) {
    if (entered.reason === 'requests') {
      return { ok: false, code: grpc.status.UNAVAILABLE, message: 'collector overloaded: too many requests in flight; retry later', reason: 'overloaded', retryAfterSeconds: retry };
    }
    const message = `too many requests of this project in flight (limit ${config.maxInflightRequestsPerProject}); retry later`;
    return { ok: false, code: grpc.status.RESOURCE_EXHAUSTED, message, reason: 'project_inflight', retryAfterSeconds: retry };
  }
  const ticket = entered.ticket;
  try {
    if (deps.queue.depthSpans >= config.maxQueueSpans) {
      return { ok: false, code: grpc.status.UNAVAILABLE, message: 'collector overloaded: retry later', reason: 'overloaded', retryAfterSeconds: retry };
    }
    if (!ticket.reserveBytes(call.request.length)) {
      return { ok: false, code: grpc.status.UNAVAILABLE, message: 'collector busy: too many request bytes in memory; retry later', reason: 'no_memory', retryAfterSeconds: retry };
    }
    // Accepted and ignored (documented): a default SDK also exports metrics here.
    if (signal === 'metrics') return { ok: true, body: encodeExportResponse('protobuf', { signal }).body };
    const decoded = await ingestExport(deps, signal, auth.projectId, call.request, 'protobuf');
    if (!decoded.ok) return { ok: false, code: grpc.status.INVALID_ARGUMENT, message: decoded.message, reason: 'undecodable' };
    const rejected = recordRejections(metrics, signal, decoded.rejected);
    const opts = rejected.message !== null ? { signal, rejected: rejected.count, message: rejected.message } : { signal };
    return { ok: true, body: encodeExportResponse('protobuf', opts).body };
  } catch (error) {
    if (error instanceof AppError) {
      return { ok: false, code: GRPC_STATUS[error.code], message: error.message, reason: error.code.toLowerCase(), retryAfterSeconds: error.retryAfterSeconds };
    }
    // Unknown failures are transient from the exporter's point of view: UNAVAILABLE keeps the data retryable.
    deps.logger.error('otlp grpc request failed', { signal, error: String(error) });
    return { ok: false, code: grpc.status.UNAVAILABLE, message: 'internal error while ingesting; retry later', reason: 'internal', retryAfterSeconds: retry };
  } finally {
    ticket.release();
  }
}

function exportHandler(deps: GrpcDeps, signal: Signal): grpc.handleUnaryCall<Buffer, Buffer> {
  return (call, callback) => {
    void answer(deps, signal, call).then((reply) => {
      deps.metrics.inc('tracegate_grpc_requests_total', { signal, code: grpc.status[reply.ok ? grpc.status.OK : reply.code] ?? 'UNKNOWN' });
      if (reply.ok) {
        callback(null, reply.body);
        return;
      }
      deps.metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: reply.reason });
      const metadata = new grpc.Metadata();
      metadata.set('grpc-status-details-bin', encodeGrpcStatusDetails({ code: reply.code, message: reply.message, retryDelaySeconds: reply.retryAfterSeconds }));
      callback({ code: reply.code, details: reply.message, metadata });
    });
  };
}

/** Counts an Export call answered INVALID_ARGUMENT before its handler ran (its message did not inflate). */
function countUndecodable(metrics: ServiceMetrics, path: string): void {
  const signal = (Object.keys(SERVICE_PATH) as Signal[]).find((s) => SERVICE_PATH[s] === path);
  if (!signal) return;
  metrics.inc('tracegate_grpc_requests_total', { signal, code: 'INVALID_ARGUMENT' });
  metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: 'undecodable' });
}

/** Binds the OTLP/gRPC services on host:port (plaintext, as OTLP receivers usually listen) and resolves once listening. */
export async function startOtlpGrpcServer(deps: GrpcDeps, host: string, port: number): Promise<RunningGrpcServer> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': deps.config.maxBodyBytes,
    // A message flagged gzip/deflate that does not inflate: INVALID_ARGUMENT, as any undecodable body.
    interceptors: [undecodableCompressionInterceptor((path) => countUndecodable(deps.metrics, path))],
  });
  for (const signal of ['traces', 'logs', 'metrics'] as const) server.addService(exportService(signal), { Export: exportHandler(deps, signal) });
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
  });
  let closing: Promise<void> | null = null;
  return {
    port: bound,
    close: () => (closing ??= new Promise<void>((resolve) => server.tryShutdown(() => resolve()))),
  };
}
