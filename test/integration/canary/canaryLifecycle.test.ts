/**
 * The canary job over a real database (SQLite file and PostgreSQL) and a real service: a detected canary
 * with simultaneous traffic takes the busier release as its baseline and the configured policy
 * (TRACEGATE_CANARY_POLICY_FILE, also the drift job's); the look that turns FAIL flags the worst canary
 * traces for review once, before it is saved (a failure in between loses no flag); a healthy release replacing the canary ends its run, resolves its alert on
 * receivers shaped like a signed webhook, Slack and PagerDuty, and gets its own canary.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryJob } from '../../../jobs/canary.js';
import { driftJob } from '../../../jobs/drift.js';
import type { JobDeps } from '../../../jobs/jobTypes.js';
import { deliverAlerts } from '../../../src/app/alerts/deliverAlerts.js';
import { evaluateAlerts } from '../../../src/app/alerts/evaluateAlerts.js';
import { loadAlertSubjects } from '../../../src/app/alerts/alertSubjects.js';
import { verifyWebhook } from '../../../src/app/alerts/signWebhook.js';
import type { WindowedTrace } from '../../../src/app/canary/canaryPorts.js';
import { COHORT_WINDOW_MS, recordScoredTraces } from '../../../src/app/canary/cohortWindows.js';
import { flagFailingCanary } from '../../../src/app/canary/flagFailingCanary.js';
import { runCanaryLook } from '../../../src/app/canary/evaluateCanary.js';
import { runCanaryPass } from '../../../src/app/canary/runCanaryPass.js';
import { startCanary } from '../../../src/app/canary/manageCanaries.js';
import { DEFAULT_PROJECT } from '../../../src/app/defaultProject.js';
import { parseAlertsConfig, type AlertsConfig } from '../../../src/domain/alerts/alertsConfig.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { startReceiver, type Receiver } from '../../support/alertReceivers.js';
import { emitPiiTrace } from '../../support/emitPiiTrace.js';
import { postgresTestUrl, startTestServer, type TestServer } from '../../support/startTestServer.js';
import { obs } from '../../unit/canary/helpers.js';

const SECRET = 'lifecycle-webhook-secret-0123';
const MIN = 60_000;
const dir = mkdtempSync(join(tmpdir(), 'tg-canary-life-'));
const POLICY = join(dir, 'policy.yaml');
writeFileSync(POLICY, 'policyVersion: lifecycle-1\ncanary:\n  evaluateEvery: 1s\n  metrics:\n    abstention: {critical: true}\ndrift:\n  window: 5m\n');

function traffic(release: string, n: number, fromMs: number, refusal: number, ids: string[] = []): WindowedTrace[] {
  return Array.from({ length: n }, (_, i) => {
    const real = i >= n - ids.length ? ids[i - (n - ids.length)] : undefined;
    return {
      traceId: real ?? `${release}-${fromMs}-${i}`.padEnd(32, '0'), service: 'support-bot', environment: 'production', startMs: fromMs + i * 100, cohorts: { 'service.version': release },
      observation: obs({ refused: real !== undefined || (i * 7919) % n < refusal * n }), categories: { finishClass: ['stop'], tool: [], model: ['m'], errorType: [] },
    };
  });
}

const targets = [
  { name: 'sqlite', url: () => `file:${join(dir, `life-${Date.now()}.db`)}` },
  { name: 'postgres', url: () => postgresTestUrl(`canary_life_${process.pid}_${Date.now()}`) },
];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(targets)('canary lifecycle ($name)', ({ url }) => {
  let server: TestServer;
  let db: Database;
  let deps: JobDeps;
  let projectId: string;
  let hook: Receiver;
  let slack: Receiver;
  let pd: Receiver;
  let config: AlertsConfig;
  const realIds: string[] = [];
  let lateId = '';
  // Window-aligned, in the past: the passes below run at chosen times.
  const T = Math.floor(Date.now() / COHORT_WINDOW_MS) * COHORT_WINDOW_MS - 30 * MIN;
  const alerts = async (nowMs: number) => {
    const subjects = await loadAlertSubjects(deps.canary, 'https://tg.example', nowMs);
    const e = await evaluateAlerts(config, subjects, deps.alerts, nowMs);
    const d = await deliverAlerts(config, deps.alerts, { now: () => nowMs });
    return { ...e, ...d };
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: url(), env: { TRACEGATE_CANARY_POLICY_FILE: POLICY } });
    deps = server.service.jobDeps;
    db = await openDatabase(server.databaseUrl);
    projectId = (await db.control.createProject(DEFAULT_PROJECT)).id;
    [hook, slack, pd] = await Promise.all([startReceiver('webhook'), startReceiver('slack'), startReceiver('pagerduty')]);
    const parsed = parseAlertsConfig(JSON.stringify({ channels: [
      { name: 'ops', type: 'webhook', url: hook.url, secret: SECRET }, { name: 'chat', type: 'slack', url: slack.url }, { name: 'pager', type: 'pagerduty', url: pd.url, routingKey: 'R0UTINGKEY' },
    ] }));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    config = parsed.config;
    // Five real canary traces (stored through OTLP): the refused examples the verdict will carry.
    for (let i = 0; i < 5; i += 1) {
      const id = await emitPiiTrace(server.url, { userText: `Close my account ${i}`, answer: 'I cannot help with that.', action: 'refuse', system: 'support', documents: [], release: 'v2' });
      for (let k = 0; k < 100 && (await fetch(`${server.url}/api/traces/${id}`)).status !== 200; k += 1) await new Promise((r) => setTimeout(r, 50));
      realIds.push(id);
    }
    lateId = await emitPiiTrace(server.url, { userText: 'Close my account late', answer: 'I cannot help with that.', action: 'refuse', system: 'support', documents: [], release: 'v2' });
    for (let k = 0; k < 100 && (await fetch(`${server.url}/api/traces/${lateId}`)).status !== 200; k += 1) await new Promise((r) => setTimeout(r, 50));
    // Simultaneous traffic, the canary's first trace a few ms earlier: v1 80%, v2 20% refusing far more.
    await recordScoredTraces(deps.canary, projectId, [...traffic('v2', 400, T, 0.3, realIds), ...traffic('v1', 1600, T + 7, 0.02)], T + 5 * MIN);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([hook?.close(), slack?.close(), pd?.close()]);
    await db?.close();
    await server?.close();
  });

  it('detects v1 -> v2 (the busier release is the baseline) under the configured policy; the FAIL look flags the worst traces once', async () => {
    // The review queue fails while the run turns FAIL: that look is not saved (the run is not FAIL yet),
    // so the next look turns it FAIL again and flags the worst traces. None is lost between the two.
    const promotion = Object.assign(Object.create(deps.review.promotion) as typeof deps.review.promotion, {
      getReviewItemByTrace: async () => {
        throw new Error('review store unavailable');
      },
    });
    const failing = { store: deps.canary, review: { ...deps.review, promotion }, policy: deps.canaryPolicy, logger: deps.logger };
    await expect(runCanaryPass(failing, T + 6 * MIN - 1000)).rejects.toThrow('review store unavailable');
    const [pending] = await deps.canary.listCanaries({ projectId });
    expect(pending).toMatchObject({ looks: 0, verdict: expect.not.stringMatching('FAIL') });

    const r1 = await canaryJob.run(deps, new Date(T + 6 * MIN));
    expect(r1.counts).toMatchObject({ detected: 0, evaluated: 1, fail: 1, flagged: 5 });
    const [c] = await deps.canary.listCanaries({ projectId });
    expect(c).toMatchObject({ baseline: 'v1', canary: 'v2', source: 'detected', policyVersion: 'lifecycle-1', verdict: 'FAIL' });
    for (const id of realIds) {
      const item = await deps.review.promotion.getReviewItemByTrace(projectId, id);
      expect(item!.signals.map((s) => [s.kind, s.source, s.details.metric])).toEqual([['canary', `canary:${c!.id}`, 'refusal']]);
      expect(item!.signals[0]!.reason).toContain('canary v2 vs v1 on support-bot/production failed refusal');
    }
    // A late refused canary trace becomes the newest example; the next look stays FAIL (latched) and
    // flags nothing, not even it: the worst traces are flagged once, when the run turns FAIL.
    await recordScoredTraces(deps.canary, projectId, traffic('v2', 1, T + 60_000, 0, [lateId]), T + 6 * MIN);
    const r2 = await canaryJob.run(deps, new Date(T + 6 * MIN + 2000));
    expect(r2.counts).toMatchObject({ evaluated: 1, fail: 1, flagged: 0 });
    const [look2] = await deps.canary.listEvaluations(c!.id, 1);
    expect(JSON.parse(look2!.result).worstTraces).toContain(lateId);
    expect(await deps.review.promotion.getReviewItemByTrace(projectId, lateId)).toBeNull();
    const again = await runCanaryLook(deps.canary, (await deps.canary.getCanary(c!.id))!, T + 6 * MIN + 4000);
    // Flagging is idempotent: examples already flagged for this canary and metric are skipped.
    expect(await flagFailingCanary(deps.review, c!, again.result, again.worst, 3)).toEqual({ flagged: 1, alreadyFlagged: 4, missing: 0 });
    expect(await flagFailingCanary(deps.review, c!, again.result, again.worst, 3)).toEqual({ flagged: 0, alreadyFlagged: 5, missing: 0 });
    expect((await deps.review.promotion.getReviewItemByTrace(projectId, lateId))!.signals).toHaveLength(1);
    for (const id of realIds) expect((await deps.review.promotion.getReviewItemByTrace(projectId, id))!.signals).toHaveLength(1);
  });

  it('the FAIL alerts every channel', async () => {
    expect(await alerts(T + 7 * MIN)).toMatchObject({ notifications: 3, delivered: 3 });
    expect((pd.received[0]!.body as { event_action: string }).event_action).toBe('trigger');
  });

  it('healthy v3 replacing v2 ends the run, resolves its alert on every channel, and v1 -> v3 is detected', async () => {
    await recordScoredTraces(deps.canary, projectId, [...traffic('v1', 800, T + 6 * MIN, 0.02), ...traffic('v3', 800, T + 6 * MIN + 3, 0.02)], T + 10 * MIN);
    const r = await canaryJob.run(deps, new Date(T + 11 * MIN));
    expect(r.counts).toMatchObject({ ended: 1, detected: 1 });
    const canaries = await deps.canary.listCanaries({ projectId });
    expect(canaries.map((c) => [c.baseline, c.canary, c.status, c.verdict]).sort()).toEqual([['v1', 'v2', 'stopped', 'FAIL'], ['v1', 'v3', 'active', expect.not.stringMatching('FAIL')]]);
    const sent = await alerts(T + 12 * MIN);
    expect(sent).toMatchObject({ notifications: 3, delivered: 3 });
    const w = hook.received.at(-1)!;
    expect(verifyWebhook(SECRET, w.raw, w.headers['x-tracegate-timestamp'] as string, w.headers['x-tracegate-signature'] as string, T + 12 * MIN)).toBe(true);
    expect(w.body).toMatchObject({ kind: 'resolve', baseline: 'v1', canary: 'v2' });
    expect((w.body as { summary: string }).summary).toMatch(/^canary run ended: release v2 received no scored trace .*rolled back or replaced$/);
    expect((slack.received.at(-1)!.body as { text: string }).text).toMatch(/^Resolved: Canary v2 vs v1/);
    const [trigger, resolve] = pd.received.map((p) => p.body as { event_action: string; dedup_key: string });
    expect([trigger!.event_action, resolve!.event_action]).toEqual(['trigger', 'resolve']);
    expect(resolve!.dedup_key).toBe(trigger!.dedup_key);
    // Nothing more to send.
    expect((await alerts(T + 13 * MIN)).notifications).toBe(0);
  });

  it('the drift job judges with the configured policy (its window and critical metrics)', async () => {
    const r = await driftJob.run(deps, new Date(T + 11 * MIN));
    expect(r.counts!.series).toBeGreaterThan(0);
    const rows = await deps.canary.listDrift(projectId);
    expect(JSON.parse(rows.find((d) => d.metric === 'refusal')!.evidence).reference.windowStartMs).toBe(T + 5 * MIN);
    expect(rows.find((d) => d.metric === 'abstention')!.critical).toBe(true);
  });

  it('a canary declared for any service does not end while its service is quiet and another one serves; it ends once its release is rolled back', async () => {
    const at = (release: string, service: string, n: number, fromMs: number) => traffic(release, n, fromMs, 0.02).map((t) => ({ ...t, traceId: `${service}-${t.traceId}`.slice(0, 32), service }));
    await recordScoredTraces(deps.canary, projectId, [...at('a1', 'quiet-svc', 300, T + 15 * MIN), ...at('a2', 'quiet-svc', 300, T + 15 * MIN + 5)], T + 20 * MIN);
    const { canary } = await startCanary(deps.canary, { projectId, baseline: 'a1', canary: 'a2' }, T + 15 * MIN);
    const look = async (nowMs: number) => runCanaryLook(deps.canary, (await deps.canary.getCanary(canary.id))!, nowMs);
    expect((await look(T + 21 * MIN)).traffic.ended).toBe(false);
    await recordScoredTraces(deps.canary, projectId, at('b1', 'busy-svc', 3000, T + 20 * MIN), T + 25 * MIN);
    expect((await look(T + 26 * MIN)).traffic.ended).toBe(false);
    await recordScoredTraces(deps.canary, projectId, at('a1', 'quiet-svc', 300, T + 25 * MIN), T + 30 * MIN);
    expect((await look(T + 31 * MIN)).traffic).toMatchObject({ ended: true, reason: 'canary_traffic_stopped', evidence: { otherSince: 300 } });
  });
});

describe('canary policy file at start-up', () => {
  it('a bad file stops the service with a message naming the variable and the field', async () => {
    const bad = join(dir, 'bad-policy.yaml');
    writeFileSync(bad, 'policyVersion: x\ncanary:\n  alpha: 2\n');
    await expect(startTestServer({ env: { TRACEGATE_CANARY_POLICY_FILE: bad } })).rejects.toThrow(/TRACEGATE_CANARY_POLICY_FILE .*bad-policy\.yaml: canary\.alpha/);
    await expect(startTestServer({ env: { TRACEGATE_CANARY_POLICY_FILE: join(dir, 'missing.yaml') } })).rejects.toThrow(/TRACEGATE_CANARY_POLICY_FILE .*missing\.yaml: cannot read it \(ENOENT\)/);
  });
});
