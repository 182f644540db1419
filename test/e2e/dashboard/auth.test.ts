/**
 * Browser: once an API key exists the dashboard asks for one, keeps it for the session
 * (sessionStorage), sends it as a header and never puts it in a URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { launchBrowser, screenshot, type Browser } from './browser.js';

let dir: string;
let server: TestServer;
let browser: Browser;
let key = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracegate-dash-auth-'));
  const databaseUrl = `file:${join(dir, 'tracegate.db')}`;
  server = await startTestServer({ databaseUrl, env: { TRACEGATE_JOBS: 'off' } });
  let err = '';
  const code = await runCli(['keys', 'create', '--project', 'shop', '--database-url', databaseUrl], {
    stdout: (t) => void (key += t),
    stderr: (t) => void (err += t),
    env: {},
    cwd: dir,
  });
  expect(code, err).toBe(0);
  key = key.trim();
  await new Promise((r) => setTimeout(r, 2100)); // the service re-reads the key count every 2 s
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('dashboard auth', () => {
  it('asks for the key once, keeps it for the session and sends it only as a header', async () => {
    const page = await browser.page();
    const urls: string[] = [];
    const headers: string[] = [];
    page.on('request', (req) => {
      urls.push(req.url());
      if (req.url().includes('/api/')) headers.push(req.headers()['x-api-key'] ?? '');
    });
    await page.goto(`${server.url}/traces`);
    await page.getByTestId('key-form').waitFor();
    await page.getByTestId('key-form').locator('input').fill(key);
    await page.getByTestId('key-form').getByRole('button', { name: 'Use key' }).click();
    await page.getByTestId('empty-state').filter({ hasText: 'No traces yet' }).waitFor();
    expect(await page.evaluate('sessionStorage.getItem("tracegate.apiKey")')).toBe(key);
    await page.goto(`${server.url}/`); // a reload keeps the session's key
    await page.getByTestId('overview').waitFor();
    await page.locator('text=API key set for this session').waitFor();
    await screenshot(page, 'auth');
    expect(urls.filter((u) => u.includes(key))).toEqual([]);
    expect(headers).toContain(key);
    expect(browser.problems.filter((p) => !/401/.test(p))).toEqual([]);
    await page.close();
  });
});
