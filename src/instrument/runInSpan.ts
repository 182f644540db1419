/** Runs a callback inside an already-started span: ends it, marks errors (status + `error.type`), rethrows. */
import { context, SpanStatusCode, type Span } from '@opentelemetry/api';
import { GENERAL } from './attributeNames.js';
import { errorTypeOf } from './genAiAttributes.js';
import { withSpanInContext } from './tracer.js';

/** Marks `span` as failed: ERROR status with the message, `error.type`, and an `exception` event. */
export function markSpanError(span: Span, error: unknown, errorType?: string): void {
  const message = error instanceof Error ? error.message : String(error);
  span.setAttribute(GENERAL.errorType, errorType ?? errorTypeOf(error));
  if (error instanceof Error) span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** Calls `fn(span)` with `span` active; always ends the span; on a throw marks the error and rethrows. */
export async function runInSpan<T>(span: Span, fn: (span: Span) => T | Promise<T>): Promise<T> {
  const ctx = withSpanInContext(context.active(), span);
  try {
    return await context.with(ctx, () => fn(span));
  } catch (error) {
    markSpanError(span, error);
    throw error;
  } finally {
    span.end();
  }
}
