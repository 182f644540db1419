/** Creates the OTLP/HTTP span exporter (JSON or protobuf) from a resolved configuration. */
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ResolvedTracingConfig } from './resolveTracingConfig.js';

/** An OTLP/HTTP trace exporter pointed at `config.tracesUrl` with the configured headers and compression. */
export function createTraceExporter(config: ResolvedTracingConfig): SpanExporter {
  const exporterConfig = {
    url: config.tracesUrl,
    headers: config.headers,
    compression: config.compression === 'gzip' ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
    timeoutMillis: config.timeoutMs,
  };
  return config.protocol === 'http/protobuf' ? new OtlpProtoExporter(exporterConfig) : new OtlpJsonExporter(exporterConfig);
}
