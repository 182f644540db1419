/** The alerts job's delivery half: due outbox notifications to their channels, with retries and channel health. */
import type { AlertsConfig } from '../../domain/alerts/alertsConfig.js';
import { decideDelivery, DEFAULT_DELIVERY_POLICY, type DeliveryPolicy } from '../../domain/alerts/decideDelivery.js';
import { toChannelRequest } from '../../domain/alerts/toChannelRequest.js';
import type { AlertStorePort, ChannelState } from './alertPorts.js';
import { signWebhook } from './signWebhook.js';

/** Options of one delivery pass. */
export interface DeliverOptions {
  policy?: DeliveryPolicy;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Most notifications sent per pass (default 200). */
  limit?: number;
  /** The clock (ms); defaults to Date.now. */
  now?: () => number;
}

/** Counts of one delivery pass. */
export interface DeliverResult {
  delivered: number;
  retrying: number;
  failed: number;
  dropped: number;
}

async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<{ statusCode: number | null; retryAfterSeconds: number | null; error: string | null }> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    await res.arrayBuffer().catch(() => undefined);
    const ra = Number(res.headers.get('retry-after'));
    return { statusCode: res.status, retryAfterSeconds: Number.isFinite(ra) && ra > 0 ? ra : null, error: res.ok ? null : `HTTP ${res.status}` };
  } catch (e) {
    return { statusCode: null, retryAfterSeconds: null, error: (e as Error).name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : String((e as Error).cause ?? (e as Error).message) };
  }
}

/** Sends every due notification once; failed attempts are rescheduled, recorded, and count against the channel. */
export async function deliverAlerts(config: AlertsConfig, store: AlertStorePort, options: DeliverOptions = {}): Promise<DeliverResult> {
  const policy = options.policy ?? DEFAULT_DELIVERY_POLICY;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const out: DeliverResult = { delivered: 0, retrying: 0, failed: 0, dropped: 0 };
  const health = new Map((await store.channelStates()).map((c) => [c.name, c]));
  const startMs = now();
  const due = await store.claimDue(startMs, startMs + timeoutMs * 3, options.limit ?? 200);
  for (const item of due) {
    const channel = config.channels.find((c) => c.name === item.channel);
    const h: ChannelState = health.get(item.channel) ?? { name: item.channel, consecutiveFailures: 0, disabledMs: null, disabledReason: null, lastDeliveredMs: null };
    if (!channel || h.disabledMs !== null) {
      await store.dropNotification(item.id, channel ? `channel ${item.channel} is disabled: ${h.disabledReason}` : `channel ${item.channel} is no longer configured`);
      out.dropped += 1;
      continue;
    }
    const req = toChannelRequest(channel, item.content);
    const atMs = now();
    const headers = channel.type === 'webhook' ? { ...req.headers, ...signWebhook(channel.secret, req.body, atMs) } : req.headers;
    const res = await post(req.url, headers, req.body, timeoutMs);
    const endMs = now();
    const attempt = item.attempts + 1;
    const d = decideDelivery(res, attempt, endMs, policy);
    const ok = d.outcome === 'delivered';
    const failures = ok ? 0 : h.consecutiveFailures + 1;
    const disable = !ok && failures >= policy.disableAfterFailures;
    const next: ChannelState = {
      name: item.channel, consecutiveFailures: failures, lastDeliveredMs: ok ? endMs : h.lastDeliveredMs,
      disabledMs: disable ? endMs : h.disabledMs,
      disabledReason: disable ? `disabled after ${failures} consecutive failed deliveries (last: ${res.error})` : h.disabledReason,
    };
    health.set(item.channel, next);
    await store.recordAttempt({
      attempt: { outboxId: item.id, channel: item.channel, atMs, statusCode: res.statusCode, ok, error: res.error, durationMs: endMs - atMs },
      status: d.outcome === 'delivered' ? 'delivered' : d.outcome === 'retry' ? 'pending' : 'failed',
      nextAttemptMs: d.outcome === 'retry' ? d.nextAttemptMs : endMs,
      lastError: ok ? null : d.reason,
      deliveredMs: ok ? endMs : null,
      channel: next,
    });
    if (d.outcome === 'delivered') out.delivered += 1;
    else if (d.outcome === 'retry') out.retrying += 1;
    else out.failed += 1;
  }
  return out;
}
