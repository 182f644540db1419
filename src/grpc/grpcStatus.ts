/** The one table from AppError codes to OTLP/gRPC status codes (the gRPC twin of src/http/errorStatus.ts). */
import { status } from '@grpc/grpc-js';
import type { AppErrorCode } from '../app/AppError.js';

/**
 * Per the OTLP spec: refusals the client should retry are UNAVAILABLE (with RetryInfo), a body that
 * can never be accepted is INVALID_ARGUMENT, or RESOURCE_EXHAUSTED without RetryInfo (not retried).
 */
export const GRPC_STATUS: Record<AppErrorCode, status> = {
  BAD_REQUEST: status.INVALID_ARGUMENT,
  UNAUTHORIZED: status.UNAUTHENTICATED,
  FORBIDDEN: status.PERMISSION_DENIED,
  NOT_FOUND: status.NOT_FOUND,
  PAYLOAD_TOO_LARGE: status.RESOURCE_EXHAUSTED,
  UNSUPPORTED_MEDIA_TYPE: status.INVALID_ARGUMENT,
  OVERLOADED: status.UNAVAILABLE,
  UNAVAILABLE: status.UNAVAILABLE,
  CONFLICT: status.ALREADY_EXISTS,
};
