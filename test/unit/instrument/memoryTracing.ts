/** Test support: a registered Node tracer provider exporting into memory. */
import { node, tracing } from '@opentelemetry/sdk-node';

/** Registers a global provider (with async context) once per test file and returns its exporter. */
export function registerMemoryTracing(): tracing.InMemorySpanExporter {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({ spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] });
  provider.register();
  return exporter;
}

/** The finished spans' attributes by span name (last wins). */
export function byName(exporter: tracing.InMemorySpanExporter): Map<string, tracing.ReadableSpan> {
  return new Map(exporter.getFinishedSpans().map((s) => [s.name, s]));
}
