/** `withLlmCall`: one inference span (`chat {model}`, CLIENT) with the OTel GenAI request/response attributes. */
import { SpanKind, context, type Span } from '@opentelemetry/api';
import { isContentCaptureEnabled } from './contentCapture.js';
import { llmRequestAttributes, llmResponseAttributes, llmSpanName, type LlmRequest, type LlmResponse } from './genAiAttributes.js';
import { runInSpan } from './runInSpan.js';
import { kitTracer } from './tracer.js';

/** Per-call options shared by the helpers. */
export interface HelperOptions {
  /** Overrides the global content-capture switch for this span (default: the global switch, off). */
  captureContent?: boolean;
}

/** Handed to the callback of `withLlmCall`. */
export interface LlmCallHandle {
  span: Span;
  /** Records the response (model, finish reasons, tokens, TTFT, output messages when capturing). */
  recordResponse(response: LlmResponse): void;
}

/** Runs `fn` inside an inference span; errors set ERROR status and `error.type`, then rethrow. */
export async function withLlmCall<T>(
  request: LlmRequest,
  fn: (call: LlmCallHandle) => T | Promise<T>,
  options: HelperOptions = {},
): Promise<T> {
  const capture = isContentCaptureEnabled(options.captureContent);
  const span = kitTracer().startSpan(
    llmSpanName(request),
    { kind: SpanKind.CLIENT, attributes: llmRequestAttributes(request, capture) },
    context.active(),
  );
  const handle: LlmCallHandle = {
    span,
    recordResponse: (response) => span.setAttributes(llmResponseAttributes(response, capture)),
  };
  return runInSpan(span, () => fn(handle));
}
