/**
 * `startTracing`: configures the OpenTelemetry Node SDK to send traces to a tracegate collector over
 * OTLP/HTTP with batching. Logs and metrics are NOT exported unless asked (`logs`/`metrics: true`,
 * which then follow the standard OTEL_LOGS_EXPORTER / OTEL_METRICS_EXPORTER configuration).
 */
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { setContentCapture } from './contentCapture.js';
import { createTraceExporter } from './createTraceExporter.js';
import { resolveTracingConfig, type ResolvedTracingConfig, type TracingConfigOptions } from './resolveTracingConfig.js';

/** Options of `startTracing`; every field may also come from the standard OTEL_* variables. */
export interface TracingOptions extends TracingConfigOptions {
  /** OpenTelemetry instrumentations to enable (e.g. OpenAI, HTTP). */
  instrumentations?: NodeSDKConfiguration['instrumentations'];
  /** Also export logs (e.g. GenAI content events) per OTEL_LOGS_EXPORTER; default false. */
  logs?: boolean;
  /** Also export metrics per OTEL_METRICS_EXPORTER; default false. */
  metrics?: boolean;
  /** Replaces the OTLP exporter (tests, or another transport). */
  spanExporter?: SpanExporter;
  /** BatchSpanProcessor tuning. */
  batch?: { maxExportBatchSize?: number; scheduledDelayMillis?: number; maxQueueSize?: number };
  /** Flush and shut down on SIGTERM/SIGINT and before a natural exit (default true). */
  handleSignals?: boolean;
  /** Environment to read OTEL_* from (default process.env). */
  env?: Record<string, string | undefined>;
}

/** A running tracing setup. */
export interface TracingHandle {
  config: ResolvedTracingConfig;
  /** Exports every finished span now. */
  forceFlush(): Promise<void>;
  /** Flushes, then stops the SDK (idempotent). */
  shutdown(): Promise<void>;
}

/** Starts the SDK and registers the global tracer provider; call once per process. */
export function startTracing(options: TracingOptions = {}): TracingHandle {
  const config = resolveTracingConfig(options, options.env ?? process.env);
  setContentCapture(config.captureContent);
  const processor = new BatchSpanProcessor(options.spanExporter ?? createTraceExporter(config), options.batch);
  const sdkConfig: Partial<NodeSDKConfiguration> = {
    autoDetectResources: false,
    resource: defaultResource().merge(resourceFromAttributes(config.resourceAttributes)),
    spanProcessors: [processor],
    instrumentations: options.instrumentations ?? [],
  };
  if (!options.logs) sdkConfig.logRecordProcessors = [];
  if (!options.metrics) sdkConfig.metricReaders = [];
  const sdk = new NodeSDK(sdkConfig);
  sdk.start();

  let stopped: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    stopped ??= (async () => {
      removeHooks();
      await processor.forceFlush();
      await sdk.shutdown();
    })();
    return stopped;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void shutdown().finally(() => {
      // Only decide the exit when nobody else listens for the signal.
      if (process.listenerCount(signal) === 0) process.exit(signal === 'SIGINT' ? 130 : 143);
    });
  };
  const onBeforeExit = (): void => void shutdown();
  const removeHooks = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('beforeExit', onBeforeExit);
  };
  if (options.handleSignals ?? true) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    process.once('beforeExit', onBeforeExit);
  }
  return { config, forceFlush: () => processor.forceFlush(), shutdown };
}
