/**
 * OTLP/HTTP receivers (POST /v1/traces, /v1/logs, /v1/metrics). The body is streamed with a byte
 * limit (on the wire and after decompression), decoded once, and acknowledged only after commit.
 * Outcomes follow the OTLP spec: 200 (+partialSuccess), 400 Status, 401, 408, 413, 415, 429/503 + Retry-After.
 * Memory is bounded before decoding: request slots (global and per project) and body bytes in
 * memory (InflightBudget) are taken before the body is read, and traces are decoded and queued a
 * slice at a time (ingestTraces).
 */
import type { Request, Response } from 'express';
import { contentFormatOf, encodeExportResponse, encodeStatus, readBody } from '../../../collectors/index.js';
import { AppError } from '../../app/AppError.js';
import type { HttpDeps } from '../httpDeps.js';
import { ingestExport, recordRejections } from '../../app/ingest/ingestExport.js';
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

/** JSON bodies count this many times their size in the in-flight byte budget (the objects parsing makes). */
export const JSON_MEMORY_FACTOR = 4;
/** Whether a failure while reading the body came from the client closing the connection. */
function isClientAbort(req: Request, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return req.destroyed || code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error | null)?.message === 'aborted';
}

/** The declared body size, or null when absent or not a plain number. */
function contentLengthOf(req: Request): number | null {
  const raw = req.headers['content-length'];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
}

/** Express handler for one OTLP signal. */
export function otlpHandler(deps: HttpDeps, signal: Signal) {
  const { metrics, config, budget } = deps;
  const refused = (reason: string) => metrics.inc('tracegate_otlp_requests_refused_total', { signal, reason });
  return async (req: Request, res: Response): Promise<void> => {
    const format = contentFormatOf(req.headers['content-type']);
    if (!format) {
      refused('unsupported_media_type');
      refuse(req, res, 'json', 415, `unsupported content type '${req.headers['content-type'] ?? ''}': expected application/x-protobuf or application/json`);
      return;
    }
    const auth = await deps.auth.authenticate(req.headers, req.socket.remoteAddress);
    if (!auth.ok) {
      refused('unauthorized');
      refuse(req, res, format, 401, auth.message);
      return;
    }
    // Refusals that need no byte of the body come first, and at once.
    const declared = contentLengthOf(req);
    const factor = format === 'json' ? JSON_MEMORY_FACTOR : 1;
    if (declared !== null && (declared > config.maxBodyBytes || declared * factor > config.maxInflightBytes)) {
      refused('too_large');
      const limit = Math.min(config.maxBodyBytes, Math.floor(config.maxInflightBytes / factor));
      refuse(req, res, format, 413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes${format === 'json' ? ' for JSON' : ''}: send smaller batches`);
      return;
    }
    const entered = budget.enter(auth.projectId);
    if (!entered.ok) {
      refused(entered.reason === 'requests' ? 'overloaded' : 'project_inflight');
      if (entered.reason === 'requests') refuse(req, res, format, 503, 'collector overloaded: too many requests in flight; retry later', 1);
      else refuse(req, res, format, 429, `too many requests of this project in flight (limit ${config.maxInflightRequestsPerProject}); retry later`, 1);
      return;
    }
    const ticket = entered.ticket;
    try {
      if (deps.queue.depthSpans >= config.maxQueueSpans || (declared !== null && budget.bytesInFlight + declared * factor > config.maxInflightBytes)) {
        refused('overloaded');
        refuse(req, res, format, 503, 'collector overloaded: retry later', 1);
        return;
      }
      const body = await readBody(req, {
        contentEncoding: req.headers['content-encoding'],
        maxBodyBytes: config.maxBodyBytes,
        timeoutMs: config.bodyTimeoutMs,
        minBytesPerSecond: config.bodyMinBytesPerSecond || undefined,
        reserveBytes: (n) => ticket.reserveBytes(n),
      });
      if (!body.ok) {
        const status = { too_large: 413, unsupported_encoding: 415, timeout: 408, no_memory: 503, bad_encoding: 400 }[body.kind];
        refused(body.kind);
        refuse(req, res, format, status, body.message, status === 503 ? 1 : undefined);
        return;
      }
      if (signal === 'metrics') {
        // Accepted and ignored (documented): a default NodeSDK also exports metrics here.
        const { contentType, body: out } = encodeExportResponse(format, { signal });
        res.status(200).type(contentType).send(out);
        return;
      }
      if (factor > 1 && !ticket.reserveBytes(body.bytes.length * (factor - 1))) {
        refused('no_memory');
        refuse(req, res, format, 503, 'collector busy: too many request bytes in memory; retry later', 1);
        return;
      }
      const decoded = await ingestExport(deps, signal, auth.projectId, body.bytes, format);
      if (!decoded.ok) {
        refused('undecodable');
        sendStatus(res, format, 400, decoded.message);
        return;
      }
      const rejected = recordRejections(metrics, signal, decoded.rejected);
      const { contentType, body: out } = encodeExportResponse(
        format,
        rejected.message !== null ? { signal, rejected: rejected.count, message: rejected.message } : { signal },
      );
      res.status(200).type(contentType).send(out);
    } catch (error) {
      if (error instanceof AppError) {
        refused(error.code.toLowerCase());
        refuse(req, res, format, HTTP_STATUS[error.code], error.message, error.retryAfterSeconds);
        return;
      }
      // A client that went away mid-body is routine (debug); anything else is the service's (error).
      if (isClientAbort(req, error)) deps.logger.debug('client aborted the request', { signal, error: String(error) });
      else deps.logger.error('otlp request failed', { signal, error: String(error) });
      // Unknown failures are transient from the exporter's point of view: 503 keeps the data retryable.
      refuse(req, res, format, 503, 'internal error while ingesting; retry later', 1);
    } finally {
      ticket.release();
    }
  };
}
