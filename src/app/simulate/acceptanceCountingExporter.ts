/**
 * The real OTLP/HTTP (JSON) trace exporter of the OpenTelemetry SDK, built from the same parts as
 * `OTLPTraceExporter` (retrying transport, bounded queue), with a serializer and callback wrapper that
 * count what the collector accepted: failed exports and `partialSuccess.rejectedSpans`.
 */
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { CompressionAlgorithm, OTLPExporterBase } from '@opentelemetry/otlp-exporter-base';
import { convertLegacyHttpOptions, createOtlpHttpExportDelegate } from '@opentelemetry/otlp-exporter-base/node-http';
import { JsonTraceSerializer, TraceExporterMetricsHelper, type IExportTraceServiceResponse, type ISerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** Running totals of one or more exporters. */
export interface AcceptanceCounts {
  /** Spans handed to export(). */
  sentSpans: number;
  /** Spans whose export finished (either way). */
  settledSpans: number;
  /** Spans in exports that failed outright (network, 4xx/5xx after retries). */
  failedSpans: number;
  /** Spans the collector reported as rejected in a partial success. */
  rejectedSpans: number;
  /** First few distinct error messages. */
  errors: string[];
}

/** A fresh zeroed counter. */
export function newAcceptanceCounts(): AcceptanceCounts {
  return { sentSpans: 0, settledSpans: 0, failedSpans: 0, rejectedSpans: 0, errors: [] };
}

/** Options of the counting exporter. */
export interface CountingExporterOptions {
  tracesUrl: string;
  headers: Record<string, string>;
  gzip: boolean;
  timeoutMs?: number;
}

/** A SpanExporter that exports like OTLPTraceExporter and adds its outcomes to `counts`. */
export class AcceptanceCountingExporter extends OTLPExporterBase<ReadableSpan[]> implements SpanExporter {
  private pendingRejected = 0;

  constructor(options: CountingExporterOptions, private readonly counts: AcceptanceCounts) {
    const serializer: ISerializer<ReadableSpan[], IExportTraceServiceResponse> = {
      serializeRequest: (spans) => JsonTraceSerializer.serializeRequest(spans),
      deserializeResponse: (data) => {
        const response = JsonTraceSerializer.deserializeResponse(data);
        const rejected = Number(response.partialSuccess?.rejectedSpans ?? 0);
        // handleResponse runs synchronously right before the export's result callback.
        this.pendingRejected = Number.isFinite(rejected) ? rejected : 0;
        const message = response.partialSuccess?.errorMessage;
        if (message) this.note(`partial success: ${message}`);
        return response;
      },
    };
    const config = convertLegacyHttpOptions(
      {
        url: options.tracesUrl,
        headers: options.headers,
        compression: options.gzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
        timeoutMillis: options.timeoutMs ?? 10_000,
      },
      'TRACES',
      'v1/traces',
      { 'Content-Type': 'application/json' },
    );
    super(createOtlpHttpExportDelegate(config, serializer, 'otlp_http_span_exporter', TraceExporterMetricsHelper, undefined));
  }

  override export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.counts.sentSpans += spans.length;
    super.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.counts.rejectedSpans += Math.min(this.pendingRejected, spans.length);
      } else {
        this.counts.failedSpans += spans.length;
        this.note(result.error?.message ?? 'export failed');
      }
      this.pendingRejected = 0;
      this.counts.settledSpans += spans.length;
      resultCallback(result);
    });
  }

  private note(message: string): void {
    if (this.counts.errors.length < 5 && !this.counts.errors.includes(message)) this.counts.errors.push(message);
  }
}
