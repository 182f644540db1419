/** Builds realistic LLM traces with the real OpenTelemetry SDK (for e2e tests and benchmarks). */
import { context, trace, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';

/** A provider exporting every span immediately through `exporter`. */
export function providerFor(exporter: SpanExporter, resource: Record<string, string>): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
}

/** What one emitted agent trace should yield as facts. */
export interface ExpectedAgentTrace {
  traceId: string;
  inputTokens: number;
  outputTokens: number;
  toolCalls: number;
  toolErrors: number;
  model: string;
  action: string;
  durationMs: number;
}

/**
 * Emits one agent trace: invoke_agent root -> chat (tool_call) -> execute_tool (fails when toolError) ->
 * chat (stop). Explicit times make durations exact.
 */
export function emitAgentTrace(tracer: Tracer, opts: { startMs: number; toolError: boolean; action: string; question: string }): ExpectedAgentTrace {
  const t0 = opts.startMs;
  const root = tracer.startSpan('invoke_agent support', {
    kind: SpanKind.INTERNAL,
    startTime: t0,
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support', 'tracegate.action': opts.action, 'session.id': 'sess-1' },
  });
  const ctx = trace.setSpan(context.active(), root);
  const chat = (start: number, end: number, finish: string, inTok: number, outTok: number) => {
    const s = tracer.startSpan(
      'chat gpt-4o-mini',
      {
        kind: SpanKind.CLIENT,
        startTime: start,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
          'gen_ai.usage.input_tokens': inTok,
          'gen_ai.usage.output_tokens': outTok,
          'gen_ai.response.finish_reasons': [finish],
        },
      },
      ctx,
    );
    s.end(end);
  };
  chat(t0 + 10, t0 + 200, 'tool_calls', 120, 15);
  const tool = tracer.startSpan(
    'execute_tool lookup_order',
    { kind: SpanKind.INTERNAL, startTime: t0 + 210, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order' } },
    ctx,
  );
  if (opts.toolError) {
    tool.setAttribute('error.type', 'OrderServiceTimeout');
    tool.setStatus({ code: SpanStatusCode.ERROR, message: 'order service timed out' });
  }
  tool.end(t0 + 300);
  chat(t0 + 310, t0 + 900, 'stop', 200, 60);
  root.end(t0 + 1000);
  return {
    traceId: root.spanContext().traceId,
    inputTokens: 320,
    outputTokens: 75,
    toolCalls: 1,
    toolErrors: opts.toolError ? 1 : 0,
    model: 'gpt-4o-mini',
    action: opts.action,
    durationMs: 1000,
  };
}

/** Polls `fn` until it returns a non-null value or `timeoutMs` passes. */
export async function waitFor<T>(fn: () => Promise<T | null>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
