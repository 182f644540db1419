/**
 * Browser-test support: builds the dashboard when stale, launches Debian's chromium headless through
 * playwright-core with a fresh profile, fails on uncaught page errors and CSP violations, and saves
 * screenshots under artifacts/dashboard/ (gitignored).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildDashboard } from '../../../scripts/build-dashboard.mjs';

export const CHROMIUM = process.env.TRACEGATE_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('artifacts/dashboard');

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Browser {
  context: BrowserContext;
  /** A new page whose uncaught errors and CSP violations are collected. */
  page(): Promise<Page>;
  /** Uncaught page errors, console errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** `bypassCSP` switches the page's CSP off, to prove that rendering alone keeps hostile text inert. */
export async function launchBrowser(opts: { bypassCSP?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium (the CI script does this)`);
  await buildDashboard({ quiet: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'tracegate-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1400, height: 1000 },
    bypassCSP: opts.bypassCSP ?? false,
  });
  const problems: string[] = [];
  return {
    context,
    problems,
    async page() {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (msg) => {
        const text = msg.text();
        // 4xx/5xx answers the page handles show up as console errors ("Failed to load resource"): not problems
        if (msg.type() === 'error' && !/Failed to load resource/.test(text)) problems.push(`console error: ${text}`);
        if (/Content Security Policy/i.test(text)) problems.push(`csp: ${text}`);
      });
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as artifacts/dashboard/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  // from the top: a full-page capture taken while scrolled paints the sticky top bar mid-page
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path, fullPage: true });
  return path;
}
