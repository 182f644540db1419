/** The kit's tracer and the context slot that remembers the trace's root (agent) span. */
import { context, createContextKey, trace, type Context, type Span, type Tracer } from '@opentelemetry/api';

/** Instrumentation scope name of every span the kit creates. */
export const KIT_SCOPE = 'tracegate-instrument';

const ROOT_SPAN_KEY = createContextKey('tracegate.root_span');

/** The kit's tracer from the global tracer provider (a no-op until a provider is registered). */
export function kitTracer(): Tracer {
  return trace.getTracer(KIT_SCOPE);
}

/** The outermost kit span of the current trace (set by `withAgent`), null when none. */
export function rootSpanOf(ctx: Context = context.active()): Span | null {
  return (ctx.getValue(ROOT_SPAN_KEY) as Span | undefined) ?? null;
}

/** `ctx` with `span` as active span, also remembered as root when no root is set yet. */
export function withSpanInContext(ctx: Context, span: Span): Context {
  const withActive = trace.setSpan(ctx, span);
  return rootSpanOf(ctx) ? withActive : withActive.setValue(ROOT_SPAN_KEY, span);
}
