/** `withRetrieval`: one `retrieval {data source}` span recording the returned document ids and scores. */
import { SpanKind, context, type Span } from '@opentelemetry/api';
import { isContentCaptureEnabled } from './contentCapture.js';
import {
  retrievalAttributes,
  retrievalDocumentsAttributes,
  retrievalSpanName,
  type RetrievalRequest,
  type RetrievedDocument,
} from './genAiAttributes.js';
import { runInSpan } from './runInSpan.js';
import { kitTracer } from './tracer.js';
import type { HelperOptions } from './withLlmCall.js';

/** Runs the retrieval; the documents it returns are recorded (`gen_ai.retrieval.documents`: ids, scores). */
export async function withRetrieval<D extends RetrievedDocument>(
  request: RetrievalRequest,
  fn: (span: Span) => D[] | Promise<D[]>,
  options: HelperOptions & { kind?: SpanKind } = {},
): Promise<D[]> {
  const capture = isContentCaptureEnabled(options.captureContent);
  const span = kitTracer().startSpan(
    retrievalSpanName(request),
    { kind: options.kind ?? SpanKind.CLIENT, attributes: retrievalAttributes(request, capture) },
    context.active(),
  );
  return runInSpan(span, async () => {
    const documents = await fn(span);
    span.setAttributes(retrievalDocumentsAttributes(documents, capture));
    return documents;
  });
}
