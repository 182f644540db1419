/**
 * End to end: simulator presets (unlabelled: actions come from the scorer) into the collector, then the
 * jobs (score, canary, alerts) as `tracegate jobs run`, then the canary CLI and API, alerts delivered to
 * local receivers shaped like a signed webhook, Slack and PagerDuty, resolved once a canary is stopped or
 * healthy traffic of a new release replaces it, and a service restart in the middle of a canary that keeps
 * its looks and verdict.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/app/alerts/signWebhook.js';
import { runCli } from '../../src/cli/main.js';
import { startReceiver, type Receiver } from '../support/alertReceivers.js';
import { startTestServer, type TestServer } from '../support/startTestServer.js';

const SECRET = 'e2e-webhook-secret-0123456789';
const PRESETS = [
  { preset: 'refusal-regression', service: 'shop-refusal', fails: 'refusal' },
  { preset: 'tool-error-regression', service: 'shop-tools', fails: 'toolError' },
  { preset: 'latency-regression', service: 'shop-latency', fails: 'latencyP50' },
  { preset: 'aa', service: 'shop-aa', fails: null },
] as const;

let dir: string;
let server: TestServer;
let env: Record<string, string>;
let hook: Receiver;
let slack: Receiver;
let pd: Receiver;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env, cwd: dir });
  return { code, stdout, stderr };
}
const job = async (name: string) => {
  const r = await cli(['jobs', 'run', name, '--json']);
  expect(r.code, `${name}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as { outcome: string; counts: Record<string, number> };
};
const api = async <T>(path: string): Promise<T> => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracegate-canary-e2e-'));
  [hook, slack, pd] = await Promise.all([startReceiver('webhook'), startReceiver('slack'), startReceiver('pagerduty')]);
  writeFileSync(join(dir, 'alerts.yaml'), `channels:\n  - {name: ops, type: webhook, url: "${hook.url}", secret: "${SECRET}"}\n  - {name: chat, type: slack, url: "${slack.url}"}\n  - {name: pager, type: pagerduty, url: "${pd.url}", routingKey: E2EROUTINGKEY}\n`);
  writeFileSync(join(dir, 'fast.yaml'), 'policyVersion: e2e-fast\ncanary:\n  evaluateEvery: 1s\n');
  const databaseUrl = `file:${join(dir, 'tracegate.db')}`;
  env = {
    DATABASE_URL: databaseUrl, TRACEGATE_JOBS: 'off', TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_ALERTS_FILE: join(dir, 'alerts.yaml'),
    TRACEGATE_PUBLIC_URL: 'https://tracegate.example.com', TRACEGATE_LOG_LEVEL: 'silent',
  };
  server = await startTestServer({ databaseUrl, env });
  for (const [i, p] of PRESETS.entries()) {
    const r = await cli(['simulate', '--endpoint', server.url, '--preset', p.preset, '--traces', '2400', '--rate', '20', '--unlabelled', '--no-feedback',
      '--baseline', 'v1', '--canary', 'v2', '--canary-share', '0.5', '--seed', String(11 + i), '--service', p.service, '--environment', 'prod', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
  // The score job stops after its time budget; run it until every trace is scored.
  let scored = 0;
  for (let i = 0; i < 10 && scored < 4 * 2400; i += 1) scored += (await job('score')).counts.scored ?? 0;
  expect(scored).toBe(4 * 2400);
  // One canary is declared (with a 1 s look interval; it starts where its release's traffic starts); the
  // others are detected by the canary job.
  expect((await cli(['canary', 'start', '--baseline', 'v1', '--canary', 'v2', '--service', 'shop-refusal', '--environment', 'prod', '--policy', 'fast.yaml'])).code).toBe(0);
}, 600_000);

afterAll(async () => {
  await server?.close();
  await Promise.all([hook?.close(), slack?.close(), pd?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('canary verdicts over stored traffic', () => {
  it('the canary job detects three canaries and looks at all four', async () => {
    const counts = (await job('canary')).counts;
    expect(counts.detected).toBe(3);
    expect(counts.evaluated).toBe(4);
    const { canaries } = await api<{ canaries: Array<{ service: string; source: string; looks: number }> }>('/api/canaries');
    expect(canaries.map((c) => [c.service, c.source, c.looks]).sort()).toEqual([
      ['shop-aa', 'detected', 1], ['shop-latency', 'detected', 1], ['shop-refusal', 'declared', 1], ['shop-tools', 'detected', 1],
    ]);
  });

  it.each(PRESETS)('$preset: CLI and API verdicts ($fails)', async ({ service, fails }) => {
    const r = await cli(['canary', '--baseline', 'v1', '--canary', 'v2', '--service', service, '--environment', 'prod']);
    const json = await cli(['canary', '--baseline', 'v1', '--canary', 'v2', '--service', service, '--json']);
    const v = JSON.parse(json.stdout);
    const viaApi = await api<typeof v>(`/api/canary?baseline=v1&canary=v2&service=${service}&environment=prod`);
    expect(viaApi).toEqual(v);
    expect(Object.keys(v).sort()).toEqual(['baseline', 'canary', 'environment', 'evaluatedAt', 'final', 'metrics', 'policyVersion', 'service', 'verdict', 'worstTraces']);
    expect(Object.keys(v.metrics[0]).sort()).toEqual(['critical', 'effect', 'interval', 'metric', 'n', 'reason', 'verdict']);
    if (fails) {
      expect(r.code, r.stdout).toBe(1);
      expect(v.verdict).toBe('FAIL');
      expect(v.metrics.filter((m: { verdict: string }) => m.verdict === 'FAIL').map((m: { metric: string }) => m.metric)).toContain(fails);
      expect(r.stdout).toContain(`${fails}*`);
      expect(v.worstTraces.length).toBeGreaterThan(0);
    } else {
      expect(v.verdict).not.toBe('FAIL');
      expect([0, 2]).toContain(r.code);
    }
  });

  it('/metrics has the canary verdicts and per-release rates (bounded labels)', async () => {
    let text = '';
    for (let i = 0; i < 50 && !text.includes('tracegate_canary_verdict{'); i += 1) {
      text = await (await fetch(`${server.url}/metrics`)).text();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toContain('tracegate_canary_verdict{service="shop-refusal",baseline="v1",canary="v2"} 1');
    expect(text).toMatch(/tracegate_canary_verdict\{service="shop-aa",baseline="v1",canary="v2"\} [023]/);
    expect(text).toMatch(/tracegate_refusal_rate\{service="shop-refusal",environment="prod",release="v2"\} 0\.\d+/);
    expect(text).toMatch(/tracegate_trace_latency_p95_seconds\{service="shop-latency",environment="prod",release="v2"\} \d/);
  });

  it('alerts every channel for each failing canary; the webhook signature verifies', async () => {
    const counts = (await job('alerts')).counts;
    expect(counts.notifications).toBe(9);
    expect(counts.delivered).toBe(9);
    expect(hook.received).toHaveLength(3);
    for (const w of hook.received) {
      expect(verifyWebhook(SECRET, w.raw, w.headers['x-tracegate-timestamp'] as string, w.headers['x-tracegate-signature'] as string, Date.now())).toBe(true);
      const body = w.body as { kind: string; baseline: string; canary: string; policyVersion: string; metrics: Array<{ verdict: string; interval: number[] }>; worstTraces: Array<{ apiUrl: string; dashboardUrl: string }> };
      expect(body).toMatchObject({ kind: 'trigger', baseline: 'v1', canary: 'v2' });
      expect(body.metrics.some((m) => m.verdict === 'FAIL' && m.interval.length === 2)).toBe(true);
      expect(body.worstTraces[0]!.dashboardUrl).toMatch(/^https:\/\/tracegate\.example\.com\/traces\/[0-9a-f]{32}$/);
      expect(body.worstTraces[0]!.apiUrl).toMatch(/^https:\/\/tracegate\.example\.com\/api\/traces\/[0-9a-f]{32}$/);
    }
    expect(slack.received).toHaveLength(3);
    expect(JSON.stringify(slack.received.map((s) => s.body))).toContain('refusal*');
    expect(pd.received.map((p) => (p.body as { event_action: string }).event_action)).toEqual(['trigger', 'trigger', 'trigger']);
    expect((await job('alerts')).counts.notifications).toBe(0);
    const alerts = await api<{ channels: Array<{ name: string; disabled: boolean }>; notifications: unknown[] }>('/api/alerts');
    expect(alerts.channels.map((c) => [c.name, c.disabled])).toEqual([['ops', false], ['chat', false], ['pager', false]]);
    expect(alerts.notifications).toHaveLength(9);
  });

  it('a restart in the middle of a canary keeps its looks and verdict, and the next look continues them', async () => {
    const { canaries } = await api<{ canaries: Array<{ id: string; service: string }> }>('/api/canaries');
    const id = canaries.find((c) => c.service === 'shop-refusal')!.id;
    const before = await api<{ evaluations: Array<{ look: number; verdict: string }> }>(`/api/canaries/${id}/evaluations`);
    await server.close();
    await new Promise((r) => setTimeout(r, 1100)); // the declared canary's 1 s look interval
    server = await startTestServer({ databaseUrl: env.DATABASE_URL, env });
    const after = await api<{ canary: { looks: number; verdict: string }; evaluations: Array<{ look: number; verdict: string }> }>(`/api/canaries/${id}/evaluations`);
    expect(after.evaluations).toEqual(before.evaluations);
    expect(after.canary).toMatchObject({ looks: 1, verdict: 'FAIL' });
    expect((await job('canary')).counts.evaluated).toBe(1); // only the 1 s canary is due: detected ones wait 15 min
    const next = await api<{ evaluations: Array<{ look: number; verdict: string }> }>(`/api/canaries/${id}/evaluations`);
    expect(next.evaluations.map((e) => [e.look, e.verdict])).toEqual([[2, 'FAIL'], [1, 'FAIL']]);
  });

  it('stopping a failing canary resolves its alert on every channel (PagerDuty with the same dedup_key)', async () => {
    expect((await cli(['canary', 'stop', '--baseline', 'v1', '--canary', 'v2', '--service', 'shop-tools'])).code).toBe(0);
    const counts = (await job('alerts')).counts;
    expect(counts.notifications).toBe(3);
    expect((hook.received.at(-1)!.body as { kind: string; subject: string }).kind).toBe('resolve');
    const resolve = pd.received.at(-1)!.body as { event_action: string; dedup_key: string };
    expect(resolve.event_action).toBe('resolve');
    const trigger = pd.received.slice(0, 3).map((p) => p.body as { dedup_key: string; payload: { source: string } }).find((p) => p.payload.source.includes('shop-tools'))!;
    expect(resolve.dedup_key).toBe(trigger.dedup_key);
  });

  it('healthy traffic of a new release replacing the failing canary ends its run and resolves its alert on every channel', async () => {
    const r = await cli(['simulate', '--endpoint', server.url, '--preset', 'aa', '--traces', '1200', '--rate', '20', '--unlabelled', '--no-feedback',
      '--baseline', 'v1', '--canary', 'v3', '--canary-share', '0.5', '--seed', '99', '--service', 'shop-refusal', '--environment', 'prod', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    let scored = 0;
    for (let i = 0; i < 10 && scored < 1200; i += 1) scored += (await job('score')).counts.scored ?? 0;
    expect(scored).toBe(1200);
    await new Promise((res) => setTimeout(res, 1100)); // the declared canary's 1 s look interval
    const pass = (await job('canary')).counts;
    expect(pass.ended).toBe(1);
    const { canaries } = await api<{ canaries: Array<{ service: string; baseline: string; canary: string; status: string }> }>('/api/canaries');
    expect(canaries.find((c) => c.service === 'shop-refusal' && c.canary === 'v2')!.status).toBe('stopped');
    const before = { hook: hook.received.length, pd: pd.received.length };
    expect((await job('alerts')).counts.notifications).toBe(3);
    const resolved = hook.received.slice(before.hook).map((w) => w.body as { kind: string; service: string; canary: string; summary: string });
    expect(resolved).toEqual([expect.objectContaining({ kind: 'resolve', service: 'shop-refusal', canary: 'v2' })]);
    expect(resolved[0]!.summary).toMatch(/^canary run ended: release v2 received no scored trace/);
    const pdResolve = pd.received.at(-1)!.body as { event_action: string; dedup_key: string };
    expect(pdResolve.event_action).toBe('resolve');
    const trigger = pd.received.slice(0, 3).map((p) => p.body as { dedup_key: string; payload: { source: string } }).find((p) => p.payload.source.includes('shop-refusal'))!;
    expect(pdResolve.dedup_key).toBe(trigger.dedup_key);
  });
});
