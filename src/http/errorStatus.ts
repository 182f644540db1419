/** The one table from AppError codes to HTTP statuses. */
import type { AppErrorCode } from '../app/AppError.js';

export const HTTP_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  OVERLOADED: 503,
  UNAVAILABLE: 503,
};

/** google.rpc.Code for an HTTP status (OTLP error bodies carry it). */
export function grpcCodeFor(status: number): number {
  switch (status) {
    case 400: return 3; // INVALID_ARGUMENT
    case 401: return 16; // UNAUTHENTICATED
    case 403: return 7; // PERMISSION_DENIED
    case 404: return 5; // NOT_FOUND
    case 409: return 10; // ABORTED
    case 413: return 8; // RESOURCE_EXHAUSTED
    case 415: return 3;
    case 429: return 8;
    case 503: return 14; // UNAVAILABLE
    default: return 2; // UNKNOWN
  }
}
