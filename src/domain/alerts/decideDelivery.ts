/** How one delivery attempt ended: an HTTP status, or a network error / timeout (null status). */
export interface AttemptResult {
  statusCode: number | null;
  /** Seconds from a Retry-After header, when given. */
  retryAfterSeconds?: number | null;
}

/** Retry settings of the outbox. */
export interface DeliveryPolicy {
  /** Attempts per notification before giving up. */
  maxAttempts: number;
  /** First retry delay; doubles per attempt up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed deliveries after which a channel is disabled. */
  disableAfterFailures: number;
}

/** Defaults: 6 attempts, 5 s doubling up to 10 min, a channel disabled after 5 consecutive failures. */
export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = { maxAttempts: 6, baseDelayMs: 5000, maxDelayMs: 600_000, disableAfterFailures: 5 };

/** What to do after an attempt. */
export type DeliveryDecision =
  | { outcome: 'delivered' }
  | { outcome: 'retry'; nextAttemptMs: number; reason: string }
  | { outcome: 'failed'; reason: string; permanent: boolean };

/**
 * 2xx delivers; any other 4xx (but 408 and 429) is permanent and never retried; 408, 429, 5xx and
 * network errors retry with exponential backoff (Retry-After wins when longer) until maxAttempts.
 * `attempt` is 1 for the first attempt.
 */
export function decideDelivery(result: AttemptResult, attempt: number, nowMs: number, policy: DeliveryPolicy = DEFAULT_DELIVERY_POLICY): DeliveryDecision {
  const s = result.statusCode;
  if (s !== null && s >= 200 && s < 300) return { outcome: 'delivered' };
  const what = s === null ? 'network error or timeout' : `HTTP ${s}`;
  if (s !== null && s >= 400 && s < 500 && s !== 408 && s !== 429) return { outcome: 'failed', reason: `${what}: permanent, not retried`, permanent: true };
  if (attempt >= policy.maxAttempts) return { outcome: 'failed', reason: `${what}: gave up after ${attempt} attempts`, permanent: false };
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const retryAfter = (result.retryAfterSeconds ?? 0) * 1000;
  return { outcome: 'retry', nextAttemptMs: nowMs + Math.max(backoff, Math.min(retryAfter, policy.maxDelayMs)), reason: `${what}: retry ${attempt + 1}/${policy.maxAttempts}` };
}
