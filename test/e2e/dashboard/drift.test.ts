/**
 * Browser: the drift page. Forty hours of stored traffic for one service (refusals rise in the last three
 * hours) judged window by window by the drift use-case, plus a second service with too little traffic:
 * the page charts each metric's windows against the reference band and the CUSUM statistic, shows the
 * categorical mixes as shares, and says "not enough traffic yet" instead of NODATA rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WindowedTrace } from '../../../src/app/canary/canaryPorts.js';
import { recordScoredTraces } from '../../../src/app/canary/cohortWindows.js';
import { evaluateDrift } from '../../../src/app/canary/evaluateDrift.js';
import { seededRandom } from '../../../src/domain/stats/seededRandom.js';
import { DEFAULT_PROJECT } from '../../../src/main.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { obs } from '../../unit/canary/helpers.js';
import { ARTIFACTS, launchBrowser, screenshot, type Browser } from './browser.js';

const HOUR = 3_600_000;
const JUDGED = 14;
let dir: string;
let db: Database;
let server: TestServer;
let browser: Browser;

function hourOfTraffic(t0: number, service: string, hour: number, refusal: number, n: number, rnd: () => number): WindowedTrace[] {
  return Array.from({ length: n }, (_, i) => ({
    traceId: `${service}-${hour}-${i}`, service, environment: 'prod', startMs: t0 + hour * HOUR + (i / n) * HOUR, cohorts: { 'service.version': 'v1' },
    observation: obs({ refused: rnd() < refusal, latencyMs: 800 + 400 * rnd() }),
    categories: { finishClass: [rnd() < 0.9 ? 'stop' : 'length'], tool: [], model: [hour >= 37 && rnd() < 0.5 ? 'model-b' : 'model-a'], errorType: [] },
  }));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracegate-dash-drift-'));
  const databaseUrl = `file:${join(dir, 'tracegate.db')}`;
  server = await startTestServer({ databaseUrl, env: { TRACEGATE_JOBS: 'off', TRACEGATE_LOG_LEVEL: 'silent' } });
  db = await openDatabase(databaseUrl);
  const project = await db.control.createProject(DEFAULT_PROJECT);
  // hour 40 is the hour in progress now; 0..39 are complete
  const t0 = Math.floor(Date.now() / HOUR) * HOUR - 40 * HOUR;
  const rnd = seededRandom(11);
  const traces: WindowedTrace[] = [];
  for (let h = 0; h < 40; h += 1) traces.push(...hourOfTraffic(t0, 'shop', h, h >= 37 ? 0.2 : 0.05, 200, rnd));
  for (let h = 38; h < 40; h += 1) traces.push(...hourOfTraffic(t0, 'tiny', h, 0.05, 30, rnd));
  traces.push(...hourOfTraffic(t0, 'tiny', 40, 0.05, 12, rnd).map((t) => ({ ...t, startMs: Math.min(t.startMs, Date.now() - 1000) })));
  await recordScoredTraces(db.canary, project.id, traces, Date.now());
  // the drift job's work, one complete window at a time (windows 26..39)
  for (let h = 40 - JUDGED + 1; h <= 40; h += 1) await evaluateDrift(db.canary, t0 + h * HOUR + 60_000);
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await db?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('drift page', () => {
  it('serves the window series per metric with its band, CUSUM and traffic', async () => {
    const res = await fetch(`${server.url}/api/drift/series`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { minPerWindow: number; groups: Array<{ service: string; enoughTraffic: boolean; latest: { traces: number } | null; current: { traces: number }; metrics: Array<{ metric: string; status: string; points: Array<{ value: number | null; cusum: number | null; bandUpper: number | null }> }> }> };
    const shop = body.groups.find((g) => g.service === 'shop')!;
    expect(shop.enoughTraffic).toBe(true);
    expect(shop.latest!.traces).toBe(200);
    const refusal = shop.metrics.find((m) => m.metric === 'refusal')!;
    expect(refusal.points).toHaveLength(JUDGED);
    expect(refusal.status).toBe('DRIFT');
    expect(refusal.points.at(-1)!.value).toBeGreaterThan(0.12);
    expect(refusal.points.every((p) => p.cusum !== null && p.bandUpper !== null)).toBe(true);
    const tiny = body.groups.find((g) => g.service === 'tiny')!;
    expect(tiny).toMatchObject({ enoughTraffic: false, latest: { traces: 30 }, current: { traces: 12 } });
    expect((await fetch(`${server.url}/api/drift/series?windows=0`)).status).toBe(400);
    // the existing endpoint is unchanged
    const drift = (await (await fetch(`${server.url}/api/drift`)).json()) as { drift: Array<Record<string, unknown>> };
    expect(Object.keys(drift.drift[0]!).sort()).toEqual(['critical', 'environment', 'evidence', 'informational', 'kind', 'metric', 'service', 'status', 'updatedAt']);
  });

  it('charts each metric against its reference band with the CUSUM, mixes as shares, and too little traffic as such', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/drift`);
    const shop = page.getByTestId('drift-monitor').filter({ hasText: 'shop' });
    await shop.waitFor();
    const refusal = shop.getByTestId('drift-metric-refusal');
    expect(await refusal.getAttribute('data-points')).toBe(String(JUDGED));
    await refusal.getByTestId('drift-chart-value').locator('canvas').waitFor();
    await refusal.getByTestId('drift-chart-cusum').locator('canvas').waitFor();
    expect(await refusal.innerText()).toContain('DRIFT');
    expect(await refusal.getByTestId('drift-chart-value').innerText()).toMatch(/window rate[\s\S]*reference[\s\S]*fails above/);
    // the model mix: shares now against the reference, not a bare 0
    const mix = shop.getByTestId('drift-metric-mix:model');
    expect(await mix.getByTestId('drift-shares').innerText()).toMatch(/model-b\s+\d+\.\d%\s+\d+\.\d%\s+\+\d+\.\d pts/);
    // a service with too little traffic: a clear state, no NODATA rows
    const tiny = page.getByTestId('drift-monitor').filter({ hasText: 'tiny' });
    expect(await tiny.getByTestId('drift-not-enough').innerText()).toContain('Not enough traffic yet (30 of 100 traces');
    expect(await tiny.innerText()).not.toContain('NODATA');
    for (const metric of ['refusal', 'escalation', 'toolError', 'error', 'abstention', 'latencyP95']) expect(await tiny.getByTestId(`drift-metric-${metric}`).count(), metric).toBe(0);
    await screenshot(page, 'drift-windows');
    // the sticky top bar never covers what is scrolled into view (a normal viewport, not a full-page shot)
    await tiny.getByTestId('drift-not-enough').scrollIntoViewIfNeeded();
    const bar = (await page.locator('header.top').boundingBox())!;
    const notice = (await tiny.getByTestId('drift-not-enough').boundingBox())!;
    expect(bar.y).toBe(0);
    expect(notice.y).toBeGreaterThanOrEqual(bar.y + bar.height);
    await page.screenshot({ path: join(ARTIFACTS, 'drift-viewport.png') });
    expect(browser.problems).toEqual([]);
    await page.close();
  });
});
