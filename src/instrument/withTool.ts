/** `withTool`: one `execute_tool {name}` span (INTERNAL); failures get ERROR status and `error.type`. */
import { SpanKind, context, type Span } from '@opentelemetry/api';
import { isContentCaptureEnabled } from './contentCapture.js';
import { toolAttributes, toolResultAttributes, toolSpanName, type ToolCall } from './genAiAttributes.js';
import { markSpanError, runInSpan } from './runInSpan.js';
import { kitTracer } from './tracer.js';
import type { HelperOptions } from './withLlmCall.js';

/** Handed to the callback of `withTool`. */
export interface ToolHandle {
  span: Span;
  /** Marks a soft failure (the tool returned an error instead of throwing). */
  fail(errorType: string, message?: string): void;
}

/** Runs the tool inside a span; records the result (with capture); a throw marks the span failed and rethrows. */
export async function withTool<T>(call: ToolCall, fn: (tool: ToolHandle) => T | Promise<T>, options: HelperOptions = {}): Promise<T> {
  const capture = isContentCaptureEnabled(options.captureContent);
  const span = kitTracer().startSpan(
    toolSpanName(call),
    { kind: SpanKind.INTERNAL, attributes: toolAttributes(call, capture) },
    context.active(),
  );
  const handle: ToolHandle = {
    span,
    fail: (errorType, message) => markSpanError(span, new Error(message ?? errorType), errorType),
  };
  return runInSpan(span, async () => {
    const result = await fn(handle);
    span.setAttributes(toolResultAttributes(result, capture));
    return result;
  });
}
