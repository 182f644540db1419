/**
 * Browser: a refusal regression (simulator preset, actions from the scorer) shows as FAIL on the
 * canary page, with the refusal metric failing in the table and the forest plot, samples per arm,
 * the evaluation history and worst traces linked; the canary list, drift and alerts pages render.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/runCliCaptured.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { launchBrowser, screenshot, type Browser } from './browser.js';

let dir: string;
let server: TestServer;
let browser: Browser;
let env: Record<string, string>;

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const r = await runCliCaptured(args, { env, cwd: dir });
  return { code: r.code, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracegate-dash-canary-'));
  const databaseUrl = `file:${join(dir, 'tracegate.db')}`;
  env = { DATABASE_URL: databaseUrl, TRACEGATE_JOBS: 'off', TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_LOG_LEVEL: 'silent' };
  server = await startTestServer({ databaseUrl, env });
  // The canary is declared first and the traffic is paced from then on, so every trace falls in the canary's
  // windows wherever the 5-minute window boundaries are.
  const start = await cli(['canary', 'start', '--baseline', 'v1', '--canary', 'v2', '--service', 'shop', '--environment', 'prod']);
  expect(start.code, start.out).toBe(0);
  const sim = await cli(['simulate', '--endpoint', server.url, '--preset', 'refusal-regression', '--traces', '2400', '--rate', '2000', '--pace', '--unlabelled', '--no-feedback',
    '--baseline', 'v1', '--canary', 'v2', '--canary-share', '0.5', '--seed', '7', '--service', 'shop', '--environment', 'prod', '--quiet']);
  expect(sim.code, sim.out).toBe(0);
  // A scoring pass stops at its time budget; run it until every trace is scored.
  let scored = 0;
  for (let i = 0; i < 10 && scored < 2400; i += 1) {
    const r = await cli(['jobs', 'run', 'score', '--json']);
    expect(r.code, `score: ${r.out}`).toBe(0);
    scored += (JSON.parse(r.out) as { counts: { scored: number } }).counts.scored;
  }
  expect(scored).toBe(2400);
  for (const job of ['canary', 'drift']) {
    const r = await cli(['jobs', 'run', job, '--json']);
    expect(r.code, `${job}: ${r.out}`).toBe(0);
  }
  browser = await launchBrowser();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('canary page', () => {
  it('shows the refusal regression as FAIL with its forest plot and worst traces', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/canary?baseline=v1&canary=v2&service=shop&environment=prod`);
    await page.getByTestId('canary-report').waitFor();
    expect(await page.getByTestId('canary-verdict').innerText()).toBe('FAIL');
    const refusal = page.getByTestId('canary-metrics').locator('tr', { hasText: 'refusal' }).first();
    expect(await refusal.innerText()).toContain('FAIL');
    await page.getByTestId('forest-plot').locator('circle').first().waitFor();
    expect(await page.getByTestId('forest-plot').locator('.forest-row.bad').count()).toBeGreaterThanOrEqual(1);
    const worst = page.getByTestId('worst-traces').locator('a');
    expect(await worst.count()).toBeGreaterThan(0);
    await page.locator('[data-testid=canary-history], [data-testid=canary-no-history]').first().waitFor();
    await screenshot(page, 'canary');
    expect(await page.getByTestId('canary-history').innerText()).toContain('FAIL');
    await worst.first().click();
    await page.getByTestId('trace-page').waitFor();
    expect(await page.getByTestId('trace-facts').innerText()).toContain('v2');
    expect(browser.problems).toEqual([]);
    await page.close();
  });

  it('lists canaries and renders drift and alerts', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/canary`);
    await page.getByTestId('canary-list').waitFor();
    expect(await page.getByTestId('canary-list').innerText()).toContain('v2');
    await screenshot(page, 'canary-list');
    await page.goto(`${server.url}/drift`);
    await page.locator('[data-testid=drift-table], [data-testid=drift-monitor], [data-testid=empty-state]').first().waitFor();
    await screenshot(page, 'drift');
    await page.goto(`${server.url}/alerts`);
    await page.locator('[data-testid=alert-rules], [data-testid=empty-state]').first().waitFor();
    await screenshot(page, 'alerts');
    await page.goto(`${server.url}/`);
    await page.getByTestId('release-table').waitFor();
    await screenshot(page, 'overview-after-canary');
    expect(browser.problems).toEqual([]);
    await page.close();
  });
});
