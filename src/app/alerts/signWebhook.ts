import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature headers of a generic webhook: `X-Tracegate-Timestamp: <unix seconds>` and
 * `X-Tracegate-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`.
 */
export function signWebhook(secret: string, body: string, nowMs: number): Record<string, string> {
  const ts = String(Math.floor(nowMs / 1000));
  const hex = createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  return { 'x-tracegate-timestamp': ts, 'x-tracegate-signature': `sha256=${hex}` };
}

/** Verifies a received webhook (receiver side, documented in docs/alerts.md): signature and a timestamp within toleranceS. */
export function verifyWebhook(secret: string, rawBody: string, timestamp: string | undefined, signature: string | undefined, nowMs: number, toleranceS = 300): boolean {
  if (!timestamp || !signature || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > toleranceS) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
