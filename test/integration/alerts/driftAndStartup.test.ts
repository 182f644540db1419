/**
 * Drift over stored cohort windows (rolling reference, tumbling windows, state with evidence), a drifting
 * critical metric alerting through the default rules, and a bad alerts file stopping the service.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlertSubjects } from '../../../src/app/alerts/alertSubjects.js';
import { evaluateAlerts } from '../../../src/app/alerts/evaluateAlerts.js';
import type { WindowedTrace } from '../../../src/app/canary/canaryPorts.js';
import { recordScoredTraces } from '../../../src/app/canary/cohortWindows.js';
import { evaluateDrift } from '../../../src/app/canary/evaluateDrift.js';
import { retireIdleCanaries, startCanary } from '../../../src/app/canary/manageCanaries.js';
import { parseAlertsConfig } from '../../../src/domain/alerts/alertsConfig.js';
import { seededRandom } from '../../../src/domain/stats/seededRandom.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { obs } from '../../unit/canary/helpers.js';
import { startTestServer } from '../../support/startTestServer.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 0);
let dir: string;
let db: Database;

function hourOfTraffic(hour: number, refusal: number, n: number, rnd: () => number): WindowedTrace[] {
  return Array.from({ length: n }, (_, i) => ({
    traceId: `${hour}-${i}`, service: 'shop', environment: 'prod', startMs: T0 + hour * HOUR + (i / n) * HOUR, cohorts: { 'service.version': 'v1' },
    observation: obs({ refused: rnd() < refusal, latencyMs: 800 + 400 * rnd() }), categories: { finishClass: [rnd() < 0.9 ? 'stop' : 'length'], tool: [], model: ['m'], errorType: [] },
  }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-drift-'));
  db = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  const rnd = seededRandom(3);
  const traces: WindowedTrace[] = [];
  for (let h = 0; h < 30; h += 1) traces.push(...hourOfTraffic(h, 0.05, 250, rnd));
  for (let h = 30; h < 32; h += 1) traces.push(...hourOfTraffic(h, 0.2, 250, rnd));
  await recordScoredTraces(db.canary, 'p1', traces, T0);
}, 120_000);
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('drift over cohort windows', () => {
  it('a refusal rise is WATCH after one window and DRIFT after two, with evidence; each window is judged once', async () => {
    expect((await evaluateDrift(db.canary, T0 + 31 * HOUR + 60_000)).series).toBeGreaterThan(0);
    let refusal = (await db.canary.listDrift('p1')).find((d) => d.metric === 'refusal')!;
    expect(refusal.status).toBe('WATCH');
    expect((await evaluateDrift(db.canary, T0 + 31 * HOUR + 120_000)).skipped).toBe(1);
    await evaluateDrift(db.canary, T0 + 32 * HOUR + 60_000);
    const rows = await db.canary.listDrift('p1');
    refusal = rows.find((d) => d.metric === 'refusal')!;
    expect(refusal).toMatchObject({ status: 'DRIFT', critical: true, kind: 'rate' });
    const ev = JSON.parse(refusal.evidence);
    expect(ev.referenceRate).toBeGreaterThan(0.03);
    expect(ev.rate).toBeGreaterThan(0.12);
    expect(ev.reference.anchor).toBe('rolling');
    expect(rows.find((d) => d.metric === 'mix:finishClass')).toMatchObject({ kind: 'mix', critical: false });
    expect(rows.find((d) => d.metric === 'latencyP95')!.status).not.toBe('DRIFT');
  });

  it('a DRIFT on a critical metric alerts through the default rules', async () => {
    const parsed = parseAlertsConfig('{"channels":[{"name":"ops","type":"webhook","url":"http://127.0.0.1:9/x","secret":"0123456789abcdef"}]}');
    if (!parsed.ok) throw new Error('config');
    const subjects = await loadAlertSubjects(db.canary, 'https://tg.example', T0 + 33 * HOUR);
    const r = await evaluateAlerts(parsed.config, subjects, db.alerts, T0 + 33 * HOUR);
    expect(r.notifications).toBe(1);
    const [n] = await db.alerts.listOutbox(5);
    expect(n).toMatchObject({ ruleId: 'drift-critical', channel: 'ops', kind: 'trigger', subject: 'drift/shop/prod/refusal' });
  });
});

describe('idle canaries', () => {
  it('a canary whose release got no traffic for an hour is stopped (healthy traffic replaced it); a busy one is kept', async () => {
    const { canary: idle } = await startCanary(db.canary, { projectId: 'p1', baseline: 'v1', canary: 'v0-rolled-back', service: 'shop', environment: 'prod' }, T0);
    const { canary: busy } = await startCanary(db.canary, { projectId: 'p1', baseline: 'v0', canary: 'v1', service: 'shop', environment: 'prod' }, T0);
    const stopped = await retireIdleCanaries(db.canary, T0 + 31 * HOUR + 60_000);
    expect(stopped.map((c) => c.id)).toEqual([idle.id]);
    expect((await db.canary.getCanary(busy.id))!.status).toBe('active');
    await db.canary.stopCanary(busy.id, T0 + 32 * HOUR);
  });
});

describe('alerts file at start-up', () => {
  it('a bad file stops the service with a message naming the field', async () => {
    const file = join(dir, 'bad-alerts.yaml');
    writeFileSync(file, 'channels:\n  - {name: ops, type: webhook, url: not-a-url, secret: "0123456789abcdef"}\n');
    await expect(startTestServer({ env: { TRACEGATE_ALERTS_FILE: file } })).rejects.toThrow(/TRACEGATE_ALERTS_FILE .*channels\.0\.url/);
  });
});
