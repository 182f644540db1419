/** `withAgent`: the `invoke_agent {name}` span, usually the trace's root; `recordAction` writes on it. */
import { SpanKind, context, type Span } from '@opentelemetry/api';
import { agentAttributes, agentSpanName, type AgentInfo } from './genAiAttributes.js';
import { runInSpan } from './runInSpan.js';
import { kitTracer } from './tracer.js';

/** Runs `fn` inside an agent span (INTERNAL by default: an in-process agent). */
export async function withAgent<T>(agent: AgentInfo, fn: (span: Span) => T | Promise<T>, options: { kind?: SpanKind } = {}): Promise<T> {
  const span = kitTracer().startSpan(
    agentSpanName(agent),
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: agentAttributes(agent) },
    context.active(),
  );
  return runInSpan(span, fn);
}
