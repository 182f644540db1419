/**
 * Sends a planned run through the OpenTelemetry SDK (one tracer provider per release, so each cohort
 * carries its own `service.version`), then posts the planned feedback, and reports what was accepted.
 */
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { buildManifest, type SimulationManifest, type TrafficPlan } from '../../domain/simulate/index.js';
import { GENERAL } from '../../instrument/attributeNames.js';
import { joinTracesPath } from '../../instrument/resolveTracingConfig.js';
import { sendFeedback } from '../../instrument/sendFeedback.js';
import { AcceptanceCountingExporter, newAcceptanceCounts, type AcceptanceCounts } from './acceptanceCountingExporter.js';
import { emitPlannedTrace } from './emitPlannedTrace.js';
import { probeCollector } from './probeCollector.js';

const BATCH_SPANS = 512;
const MAX_UNSETTLED_SPANS = 4 * BATCH_SPANS;

/** Progress snapshot reported while sending. */
export interface SimulationProgress {
  emitted: number;
  total: number;
  counts: AcceptanceCounts;
}

/** How to send a plan. */
export interface SimulationRunOptions {
  /** Collector base URL. */
  endpoint: string;
  key?: string;
  gzip?: boolean;
  plan: TrafficPlan;
  /** Added to every planned timestamp (negative to place the run in the past). */
  shiftMs: number;
  /** Wait until each trace's planned start (real-time traffic) instead of sending at once. */
  pace: boolean;
  captureContent: boolean;
  serviceName: string;
  environment?: string;
  /** Post the planned end-user feedback after the spans are accepted (default true). */
  sendFeedback?: boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onProgress?: (progress: SimulationProgress) => void;
}

/** Outcome of a run. */
export type SimulationOutcome =
  | { kind: 'unreachable' | 'rejected'; message: string }
  | {
      kind: 'done';
      manifest: SimulationManifest;
      counts: AcceptanceCounts;
      feedback: { sent: number; failed: number; errors: string[] };
      /** True when every span and every feedback was accepted. */
      allAccepted: boolean;
    };

/** Runs the simulation; never throws for collector-side problems (they come back in the outcome). */
export async function runSimulation(options: SimulationRunOptions): Promise<SimulationOutcome> {
  const tracesUrl = joinTracesPath(options.endpoint);
  const headers: Record<string, string> = options.key ? { Authorization: `Bearer ${options.key}` } : {};
  const probe = await probeCollector(tracesUrl, headers);
  if (!probe.ok) return { kind: probe.kind, message: probe.message };

  const counts = newAcceptanceCounts();
  const providers = new Map<string, BasicTracerProvider>();
  const providerFor = (release: string): BasicTracerProvider => {
    let provider = providers.get(release);
    if (!provider) {
      const attributes: Record<string, string> = { [GENERAL.serviceName]: options.serviceName, [GENERAL.serviceVersion]: release };
      if (options.environment) attributes[GENERAL.deploymentEnvironmentName] = options.environment;
      const exporter = new AcceptanceCountingExporter({ tracesUrl, headers, gzip: options.gzip ?? false }, counts);
      provider = new BasicTracerProvider({
        resource: resourceFromAttributes(attributes),
        spanProcessors: [new BatchSpanProcessor(exporter, { maxExportBatchSize: BATCH_SPANS, maxQueueSize: 1_000_000, scheduledDelayMillis: 200 })],
      });
      providers.set(release, provider);
    }
    return provider;
  };

  const traceIds: string[] = [];
  let emittedSpans = 0;
  const total = options.plan.traces.length;
  let lastReport = options.now();
  for (const planned of options.plan.traces) {
    if (options.pace) {
      const wait = planned.startMs + options.shiftMs - options.now();
      if (wait > 0) await options.sleep(wait);
    }
    const tracer = providerFor(planned.release).getTracer('tracegate-simulate');
    traceIds.push(emitPlannedTrace(tracer, planned, { shiftMs: options.shiftMs, captureContent: options.captureContent }));
    emittedSpans += 1 + planned.children.length;
    // Backpressure: a final forceFlush exports every queued batch at once, and the exporter refuses
    // more than 30 concurrent requests; keep the queue short by waiting for the exports in flight.
    while (emittedSpans - counts.settledSpans > MAX_UNSETTLED_SPANS) await options.sleep(2);
    if (options.onProgress && options.now() - lastReport >= 1000) {
      lastReport = options.now();
      options.onProgress({ emitted: traceIds.length, total, counts });
    }
  }
  // A failed export rejects forceFlush; the failure is already counted by the exporter.
  for (const provider of providers.values()) await provider.forceFlush().catch(() => undefined);
  for (const provider of providers.values()) await provider.shutdown().catch(() => undefined);
  options.onProgress?.({ emitted: traceIds.length, total, counts });

  const manifest = buildManifest(options.plan, traceIds);
  const feedback = options.sendFeedback === false ? { sent: 0, failed: 0, errors: [] } : await postFeedback(options, manifest);
  const allAccepted = counts.failedSpans === 0 && counts.rejectedSpans === 0 && feedback.failed === 0;
  return { kind: 'done', manifest, counts, feedback, allAccepted };
}

async function postFeedback(options: SimulationRunOptions, manifest: SimulationManifest) {
  const result = { sent: 0, failed: 0, errors: [] as string[] };
  const pending = manifest.traces.filter((t) => t.feedback);
  const workers = Array.from({ length: 8 }, async () => {
    for (let t = pending.shift(); t; t = pending.shift()) {
      const fb = t.feedback!;
      const input = { endpoint: options.endpoint, traceId: t.traceId, value: fb.value, userId: fb.userId, ...(fb.comment ? { comment: fb.comment } : {}), ...(options.key ? { key: options.key } : {}) };
      const out = await sendFeedback(input);
      result.sent++;
      if (!out.ok) {
        result.failed++;
        if (result.errors.length < 5) result.errors.push(`feedback for ${t.traceId}: ${out.message}`);
      }
    }
  });
  await Promise.all(workers);
  return result;
}
