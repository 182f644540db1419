/** A raw OTLP/gRPC Export call with @grpc/grpc-js (bytes in, bytes or status out), for e2e tests and the benchmark. */
import * as grpc from '@grpc/grpc-js';

const PATH = {
  traces: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
  logs: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
  metrics: '/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
} as const;

/** The answer: the response message, or the status with its trailing metadata. */
export type GrpcExportResult =
  | { ok: true; body: Buffer }
  | { ok: false; code: grpc.status; details: string; metadata: grpc.Metadata };

const passThrough = (b: Buffer) => b;

/** A client for one signal's Export method (reuse it: one HTTP/2 connection). */
export class GrpcExportClient {
  private readonly client: grpc.Client;

  /** `separateConnection`: a connection of its own (grpc-js otherwise shares one per target across clients). */
  constructor(address: string, readonly signal: keyof typeof PATH = 'traces', opts: { gzip?: boolean; separateConnection?: boolean } = {}) {
    const Ctor = grpc.makeGenericClientConstructor(
      { Export: { path: PATH[signal], requestStream: false, responseStream: false, requestSerialize: passThrough, requestDeserialize: passThrough, responseSerialize: passThrough, responseDeserialize: passThrough } },
      'Export',
    );
    this.client = new Ctor(address, grpc.credentials.createInsecure(), {
      ...(opts.gzip ? { 'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip } : {}),
      ...(opts.separateConnection ? { 'grpc.use_local_subchannel_pool': 1 } : {}),
    });
  }

  /** One Export call with the given metadata (e.g. `authorization`). */
  send(body: Buffer, metadata: Record<string, string> = {}, timeoutMs = 30_000): Promise<GrpcExportResult> {
    const md = new grpc.Metadata();
    for (const [key, value] of Object.entries(metadata)) md.set(key, value);
    return new Promise((resolve) => {
      (this.client as unknown as { Export: (b: Buffer, m: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r?: Buffer) => void) => void }).Export(
        body,
        md,
        { deadline: Date.now() + timeoutMs },
        (error, response) => {
          if (error) resolve({ ok: false, code: error.code, details: error.details, metadata: error.metadata });
          else resolve({ ok: true, body: response ?? Buffer.alloc(0) });
        },
      );
    });
  }

  close(): void {
    this.client.close();
  }
}
