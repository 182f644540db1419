/**
 * The round trip the real-exporter e2e tests share (OTLP/HTTP and OTLP/gRPC): two agent traces
 * emitted through a real exporter, then read back through the query API once fully stored, and the
 * facts they must have.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { emitAgentTrace, providerFor, waitFor, type ExpectedAgentTrace } from './otelSpans.js';

/** The release a case's traces carry: `v-` and the case name with non-word characters as `-`. */
export const releaseOf = (caseName: string): string => `v-${caseName.replace(/\W/g, '-')}`;

/**
 * Emits two agent traces (one answered, one escalated after a failed tool call) of service
 * `support-bot`, `release`, environment `production` through `exporter`, and flushes and shuts the
 * provider down (every span exported).
 */
export async function emitTwoAgentTraces(exporter: SpanExporter, release: string): Promise<ExpectedAgentTrace[]> {
  const provider = providerFor(exporter, { 'service.name': 'support-bot', 'service.version': release, 'deployment.environment.name': 'production' });
  const tracer = provider.getTracer('e2e');
  const expected = [
    emitAgentTrace(tracer, { startMs: Date.now() - 5000, toolError: false, action: 'answer', question: 'where is my order?' }),
    emitAgentTrace(tracer, { startMs: Date.now() - 4000, toolError: true, action: 'escalate', question: 'refund please' }),
  ];
  await provider.forceFlush();
  await provider.shutdown();
  return expected;
}

/** GET /api/traces/:traceId polled until it answers 200 with a body `ready` accepts. */
export function readTraceWhen(serverUrl: string, traceId: string, ready: (trace: any) => boolean): Promise<any> {
  return waitFor(async () => {
    const res = await fetch(`${serverUrl}/api/traces/${traceId}`);
    if (res.status !== 200) return null;
    const body = (await res.json()) as any;
    return ready(body) ? body : null;
  });
}

/** The trace facts an emitted agent trace of `release` must be stored with (for toMatchObject). */
export function expectedAgentFacts(want: ExpectedAgentTrace, release: string): Record<string, unknown> {
  return {
    traceId: want.traceId,
    serviceName: 'support-bot',
    release,
    environment: 'production',
    durationMs: want.durationMs,
    inputTokens: want.inputTokens,
    outputTokens: want.outputTokens,
    toolCalls: want.toolCalls,
    toolErrors: want.toolErrors,
    action: want.action,
    error: want.toolErrors > 0,
    finishClasses: ['tool_call', 'stop'],
    lastFinishClass: 'stop',
  };
}
