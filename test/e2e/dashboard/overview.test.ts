/**
 * Browser: the overview after simulated traffic (charts per service/release), the trace list with a
 * filter and paging, and a trace page (facts, action, waterfall, input/output). No page errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { launchBrowser, screenshot, type Browser } from './browser.js';

let server: TestServer;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'tracegate-dash-'));
  let out = '';
  const code = await runCli(
    ['simulate', '--endpoint', server.url, '--preset', 'refusal-regression', '--traces', '240', '--baseline', 'v1', '--canary', 'v2', '--seed', 'dash', '--quiet'],
    { stdout: (t) => void (out += t), stderr: (t) => void (out += t), env: {}, cwd: dir },
  );
  expect(code, out).toBe(0);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dashboard overview and traces', () => {
  it('serves the app with a CSP that forbids inline script, and no inline script in the HTML', async () => {
    for (const path of ['/', '/traces', '/traces/0123456789abcdef0123456789abcdef', '/canary', '/drift', '/alerts', '/review', '/datasets']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await res.text();
      expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g), `inline script in ${path}`).toBeNull();
    }
    expect((await fetch(`${server.url}/api/nope`)).status).toBe(404);
  });

  it('shows traffic, rates and latency per service and release over time', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/`);
    await page.getByTestId('release-table').waitFor();
    for (const metric of ['traces', 'refusalRate', 'escalationRate', 'toolErrorRate', 'p50Ms', 'p95Ms']) {
      await page.getByTestId(`chart-${metric}`).locator('canvas').waitFor();
    }
    const table = await page.getByTestId('release-table').innerText();
    expect(table).toContain('v1');
    expect(table).toContain('v2');
    // the refusal chart's legend names both releases
    expect(await page.getByTestId('chart-refusalRate').innerText()).toMatch(/@ v1[\s\S]*@ v2|@ v2[\s\S]*@ v1/);
    await screenshot(page, 'overview');
    expect(browser.problems).toEqual([]);
    await page.close();
  });

  it('lists traces (filter, next page) and opens a trace page', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/traces`);
    await page.getByTestId('trace-table').waitFor();
    expect(await page.getByTestId('trace-table').locator('tbody tr').count()).toBe(50);
    await screenshot(page, 'traces');

    await page.locator('input[name=release]').fill('v2');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/release=v2/);
    await page.getByTestId('trace-table').waitFor();
    const releases = await page.getByTestId('trace-table').locator('tbody tr td:nth-child(4)').allInnerTexts();
    expect(releases.length).toBeGreaterThan(0);
    expect(new Set(releases)).toEqual(new Set(['v2']));

    const firstPage = await page.getByTestId('trace-table').locator('tbody tr td:nth-child(2)').allInnerTexts();
    await page.getByRole('link', { name: 'Next page →' }).click();
    await page.waitForURL(/cursor=/);
    await expect.poll(() => page.getByTestId('trace-table').locator('tbody tr td:nth-child(2)').first().innerText()).not.toBe(firstPage[0]);
    const secondPage = await page.getByTestId('trace-table').locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(secondPage.filter((id) => firstPage.includes(id))).toEqual([]);

    await page.getByTestId('trace-table').locator('tbody tr td:nth-child(2) a').first().click();
    await page.getByTestId('trace-page').waitFor();
    expect(page.url()).toMatch(/\/traces\/[0-9a-f]{32}$/);
    const facts = await page.getByTestId('trace-facts').innerText();
    expect(facts).toContain('v2');
    expect(await page.getByTestId('trace-action').innerText()).toMatch(/action\s+(answer|abstain|clarify|refuse|escalate)/);
    expect(Number(await page.getByTestId('waterfall').getAttribute('data-span-count'))).toBeGreaterThan(1);
    await page.getByTestId('trace-input').waitFor();
    await screenshot(page, 'trace');
    expect(browser.problems).toEqual([]);
    await page.close();
  });
});
