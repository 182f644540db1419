/**
 * OTLP/HTTP receivers (POST /v1/traces, /v1/logs, /v1/metrics). The body is streamed with a byte
 * limit (on the wire and after decompression), decoded once, and acknowledged only after commit.
 * Outcomes follow the OTLP spec: 200 (+partialSuccess), 400 Status, 401, 413, 415, 503 + Retry-After.
 */
import type { Request, Response } from 'express';
import { contentFormatOf, decodeLogs, decodeTraces, encodeExportResponse, encodeStatus, readBody } from '../../../collectors/index.js';
import type { RejectCount } from '../../../collectors/wireTypes.js';
import { AppError } from '../../app/AppError.js';
import type { HttpDeps } from '../httpDeps.js';
import { toContentRows, toSpanRows } from '../../app/ingest/toSpanRows.js';
import { grpcCodeFor, HTTP_STATUS } from '../errorStatus.js';

type Format = 'json' | 'protobuf';
type Signal = 'traces' | 'logs' | 'metrics';

function sendStatus(res: Response, format: Format, status: number, message: string, retryAfterSeconds?: number): void {
  const { contentType, body } = encodeStatus(format, { code: grpcCodeFor(status), message });
  if (retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(status).type(contentType).send(body);
}

/** How long an unread request body is drained (and discarded) after an early answer before the socket is cut. */
const LINGER_MS = 2_000;

/**
 * Answers a request whose body we will not read, then closes the connection gracefully: the rest of
 * the body is drained and discarded for a short while, because closing a socket with unread input
 * sends a TCP reset that can destroy the answer before the client reads it.
 */
function refuse(req: Request, res: Response, format: Format, status: number, message: string, retryAfter?: number): void {
  if (!req.complete) res.setHeader('Connection', 'close');
  sendStatus(res, format, status, message, retryAfter);
  if (!req.complete) {
    res.once('finish', () => {
      req.resume();
      setTimeout(() => req.destroy(), LINGER_MS).unref();
    });
  }
}

function rejectionMessage(rejected: RejectCount[]): string {
  return rejected.map((r) => `${r.count} ${r.reason}`).join(', ');
}

/** Decodes one body and waits until its rows are committed; the per-reason rejections, or why it is undecodable. */
async function ingestBody(
  deps: HttpDeps,
  signal: 'traces' | 'logs',
  projectId: string,
  bytes: Buffer,
  format: Format,
): Promise<{ ok: true; rejected: RejectCount[] } | { ok: false; message: string }> {
  const { metrics, queue } = deps;
  if (signal === 'traces') {
    const decoded = decodeTraces(bytes, format);
    if (!decoded.ok) return decoded;
    const { rows, warnings } = toSpanRows(projectId, decoded.items);
    await queue.enqueue(rows, []);
    metrics.inc('tracegate_spans_accepted_total', {}, rows.length);
    if (warnings > 0) metrics.inc('tracegate_span_mapping_warnings_total', {}, warnings);
    return { ok: true, rejected: decoded.rejected };
  }
  const decoded = decodeLogs(bytes, format);
  if (!decoded.ok) return decoded;
  const { rows, ignored } = toContentRows(projectId, decoded.items);
  await queue.enqueue([], rows);
  metrics.inc('tracegate_log_records_accepted_total', {}, rows.length + ignored);
  if (ignored > 0) metrics.inc('tracegate_log_records_ignored_total', {}, ignored);
  return { ok: true, rejected: decoded.rejected };
}

/** Whether a failure while reading the body came from the client closing the connection. */
function isClientAbort(req: Request, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return req.destroyed || code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error | null)?.message === 'aborted';
}

/** Express handler for one OTLP signal. */
export function otlpHandler(deps: HttpDeps, signal: Signal) {
  const { metrics, config } = deps;
  let inflight = 0;
  return async (req: Request, res: Response): Promise<void> => {
    const format = contentFormatOf(req.headers['content-type']);
    if (!format) {
      metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: 'unsupported_media_type' });
      refuse(req, res, 'json', 415, `unsupported content type '${req.headers['content-type'] ?? ''}': expected application/x-protobuf or application/json`);
      return;
    }
    const auth = await deps.auth.authenticate(req.headers, req.socket.remoteAddress);
    if (!auth.ok) {
      metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: 'unauthorized' });
      refuse(req, res, format, 401, auth.message);
      return;
    }
    if (inflight >= config.maxInflightRequests || deps.queue.depthSpans >= config.maxQueueSpans) {
      metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: 'overloaded' });
      refuse(req, res, format, 503, 'collector overloaded: retry later', 1);
      return;
    }
    inflight++;
    try {
      const body = await readBody(req, { contentEncoding: req.headers['content-encoding'], maxBodyBytes: config.maxBodyBytes });
      if (!body.ok) {
        const status = body.kind === 'too_large' ? 413 : body.kind === 'unsupported_encoding' ? 415 : 400;
        metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: body.kind });
        refuse(req, res, format, status, body.message);
        return;
      }
      if (signal === 'metrics') {
        // Accepted and ignored (documented): a default NodeSDK also exports metrics here.
        const { contentType, body: out } = encodeExportResponse(format, { signal });
        res.status(200).type(contentType).send(out);
        return;
      }
      const decoded = await ingestBody(deps, signal, auth.projectId, body.bytes, format);
      if (!decoded.ok) {
        metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: 'undecodable' });
        sendStatus(res, format, 400, decoded.message);
        return;
      }
      let rejectedCount = 0;
      for (const r of decoded.rejected) {
        rejectedCount += r.count;
        metrics.inc(signal === 'traces' ? 'tracegate_spans_rejected_total' : 'tracegate_log_records_rejected_total', { reason: r.reason }, r.count);
      }
      const { contentType, body: out } = encodeExportResponse(
        format,
        rejectedCount > 0 ? { signal, rejected: rejectedCount, message: `rejected ${rejectionMessage(decoded.rejected)}` } : { signal },
      );
      res.status(200).type(contentType).send(out);
    } catch (error) {
      if (error instanceof AppError) {
        metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason: error.code.toLowerCase() });
        refuse(req, res, format, HTTP_STATUS[error.code], error.message, error.retryAfterSeconds);
        return;
      }
      // A client that went away mid-body is routine (debug); anything else is the service's (error).
      if (isClientAbort(req, error)) deps.logger.debug('client aborted the request', { signal, error: String(error) });
      else deps.logger.error('otlp request failed', { signal, error: String(error) });
      // Unknown failures are transient from the exporter's point of view: 503 keeps the data retryable.
      refuse(req, res, format, 503, 'internal error while ingesting; retry later', 1);
    } finally {
      inflight--;
    }
  };
}
