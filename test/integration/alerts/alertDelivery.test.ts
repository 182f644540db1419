/**
 * Alerts over a real database (SQLite file and PostgreSQL): rules through the state machine into the
 * outbox, delivery to local receivers shaped like a signed webhook, Slack and PagerDuty; retries with
 * backoff, no retry of a permanent 4xx, a channel disabled after 5 consecutive failures, every attempt recorded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverAlerts } from '../../../src/app/alerts/deliverAlerts.js';
import { evaluateAlerts, type AlertSubject } from '../../../src/app/alerts/evaluateAlerts.js';
import { verifyWebhook } from '../../../src/app/alerts/signWebhook.js';
import { parseAlertsConfig, type AlertsConfig } from '../../../src/domain/alerts/alertsConfig.js';
import { dedupKeyOf } from '../../../src/domain/alerts/toChannelRequest.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { startReceiver, type Receiver } from '../../support/alertReceivers.js';
import { postgresTestUrl } from '../../support/startTestServer.js';

const SECRET = 'whsec-0123456789abcdef';
const TRACE = 'ab'.repeat(16);

function subject(verdict: string, atMs: number): AlertSubject {
  return {
    projectId: 'p1', source: 'canary', subject: 'canary/c1', atMs, verdict, critical: true,
    content: {
      subject: 'canary/c1', source: 'canary', title: `canary shop/prod v1 -> v2: ${verdict}`, summary: 'refusal worse: +5.00%',
      service: 'shop', environment: 'prod', baseline: 'v1', canary: 'v2', verdict, policyVersion: 'default-1',
      metrics: [{ metric: 'refusal', verdict: 'FAIL', critical: true, effect: 0.05, interval: [0.03, 0.07], reason: 'refusal worse' }],
      worstTraces: [{ traceId: TRACE, apiUrl: `https://tg.example/api/traces/${TRACE}`, dashboardUrl: `https://tg.example/traces/${TRACE}` }],
      atMs,
    },
  };
}

const targets = [
  { name: 'sqlite', url: () => `file:${join(mkdtempSync(join(tmpdir(), 'tg-alerts-')), 'db.sqlite')}` },
  { name: 'postgres', url: () => postgresTestUrl(`alerts_${process.pid}_${Date.now()}`) },
];

describe.each(targets)('alert delivery ($name)', ({ url }) => {
  let db: Database;
  let hook: Receiver;
  let slack: Receiver;
  let pd: Receiver;
  let config: AlertsConfig;
  let clock = 1_800_000_000_000;
  const now = () => clock;
  const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 60_000, disableAfterFailures: 5 };

  beforeAll(async () => {
    db = await openDatabase(url());
    [hook, slack, pd] = await Promise.all([startReceiver('webhook'), startReceiver('slack'), startReceiver('pagerduty')]);
    const parsed = parseAlertsConfig(JSON.stringify({ channels: [
      { name: 'ops', type: 'webhook', url: hook.url, secret: SECRET },
      { name: 'chat', type: 'slack', url: slack.url },
      { name: 'pager', type: 'pagerduty', url: pd.url, routingKey: 'R0UTINGKEY' },
    ] }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    config = parsed.config;
  });
  afterAll(async () => {
    await Promise.all([hook.close(), slack.close(), pd.close()]);
    await db.close();
  });

  it('a canary FAIL triggers every channel once; its recovery resolves', async () => {
    expect((await evaluateAlerts(config, [subject('FAIL', clock)], db.alerts, clock)).notifications).toBe(3);
    expect(await deliverAlerts(config, db.alerts, { policy, now })).toEqual({ delivered: 3, retrying: 0, failed: 0, dropped: 0 });
    // The same evaluation again queues nothing.
    expect((await evaluateAlerts(config, [subject('FAIL', clock)], db.alerts, clock + 1)).notifications).toBe(0);

    const w = hook.received[0]!;
    expect(verifyWebhook(SECRET, w.raw, w.headers['x-tracegate-timestamp'] as string, w.headers['x-tracegate-signature'] as string, clock)).toBe(true);
    expect(verifyWebhook('wrong-secret-0123456', w.raw, w.headers['x-tracegate-timestamp'] as string, w.headers['x-tracegate-signature'] as string, clock)).toBe(false);
    expect(w.body).toMatchObject({ kind: 'trigger', baseline: 'v1', canary: 'v2', policyVersion: 'default-1', metrics: [{ metric: 'refusal', interval: [0.03, 0.07] }] });
    const blocks = JSON.stringify((slack.received[0]!.body as { blocks: unknown[] }).blocks);
    expect(blocks).toContain('refusal*');
    expect(blocks).toContain(`https://tg.example/traces/${TRACE}`);
    const trig = pd.received[0]!.body as { event_action: string; dedup_key: string; links: Array<{ href: string }> };
    expect(trig.event_action).toBe('trigger');
    expect(trig.dedup_key).toBe(dedupKeyOf({ ruleId: 'canary-fail', subject: 'canary/c1' }));
    expect(trig.links[0]!.href).toBe(`https://tg.example/traces/${TRACE}`);

    clock += 60_000;
    expect((await evaluateAlerts(config, [subject('STOPPED', clock)], db.alerts, clock)).notifications).toBe(3);
    await deliverAlerts(config, db.alerts, { policy, now });
    expect((hook.received[1]!.body as { kind: string }).kind).toBe('resolve');
    const res = pd.received[1]!.body as { event_action: string; dedup_key: string };
    expect(res).toEqual({ routing_key: 'R0UTINGKEY', event_action: 'resolve', dedup_key: trig.dedup_key });
  });

  it('retries a 503 after its backoff, never retries a permanent 400, and records every attempt', async () => {
    hook.fail.push(503);
    pd.fail.push(400);
    clock += 60_000;
    await evaluateAlerts(config, [subject('FAIL', clock)], db.alerts, clock);
    expect(await deliverAlerts(config, db.alerts, { policy, now })).toMatchObject({ delivered: 1, retrying: 1, failed: 1 });
    expect((await deliverAlerts(config, db.alerts, { policy, now })).retrying + (await db.alerts.listOutbox(3)).filter((o) => o.status === 'delivered').length).toBe(1);
    clock += 1000; // the backoff of the first retry
    expect(await deliverAlerts(config, db.alerts, { policy, now })).toMatchObject({ delivered: 1 });
    const outbox = await db.alerts.listOutbox(3);
    const hookItem = outbox.find((o) => o.channel === 'ops')!;
    expect(hookItem.status).toBe('delivered');
    expect((await db.alerts.listAttempts(hookItem.id)).map((a) => a.statusCode)).toEqual([503, 204]);
    const pdItem = outbox.find((o) => o.channel === 'pager')!;
    expect(pdItem.status).toBe('failed');
    expect((await db.alerts.listAttempts(pdItem.id)).map((a) => a.statusCode)).toEqual([400]);
  });

  it('disables a channel after 5 consecutive failed deliveries, visibly, and drops its notifications', async () => {
    slack.fail.push(500, 500, 500, 500, 500, 500);
    clock += 60_000;
    await evaluateAlerts(config, [subject('STOPPED', clock)], db.alerts, clock);
    clock += 60_000;
    await evaluateAlerts(config, [subject('FAIL', clock)], db.alerts, clock);
    for (let i = 0; i < 6; i += 1) {
      await deliverAlerts(config, db.alerts, { policy, now });
      clock += 60_000;
    }
    const chat = (await db.alerts.channelStates()).find((c) => c.name === 'chat')!;
    expect(chat.consecutiveFailures).toBe(5);
    expect(chat.disabledReason).toMatch(/disabled after 5 consecutive failed deliveries/);
    const chatItems = (await db.alerts.listOutbox(20)).filter((o) => o.channel === 'chat' && o.createdMs >= clock - 7 * 60_000);
    expect(chatItems.some((o) => o.status === 'dropped' || o.status === 'failed')).toBe(true);
    expect(chatItems.every((o) => o.status !== 'delivered')).toBe(true);
    await db.alerts.enableChannel('chat');
    expect((await db.alerts.channelStates()).find((c) => c.name === 'chat')!.disabledMs).toBeNull();
  });
});
