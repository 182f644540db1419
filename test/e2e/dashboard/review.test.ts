/**
 * Browser: the promotion loop in the UI. Flag a trace on its page, open the item in the review queue,
 * approve it with the labels form, publish a dataset version and see it with its changelog.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, type Browser } from './browser.js';
import { hexId, otlpTrace, postTraces } from './otlpJson.js';

let server: TestServer;
let browser: Browser;
const traceId = hexId(16);

beforeAll(async () => {
  server = await startTestServer({ env: { TRACEGATE_JOBS: 'off', TRACEGATE_SCORING_QUIET_PERIOD: '0s' } });
  const now = Date.now();
  await postTraces(
    server.url,
    otlpTrace(traceId, { 'service.name': 'support-bot', 'service.version': 'v2', 'deployment.environment.name': 'production' }, [
      {
        spanId: hexId(8),
        name: 'chat gpt-4o-mini',
        startMs: now - 1500,
        durationMs: 1200,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'input.value': 'What is the balance on my savings account?',
          'output.value': 'Your savings account balance is $12,480.17.',
        },
      },
    ]),
  );
  // score the trace, so the review item can show the scorers' action and its source
  let out = '';
  const env = { DATABASE_URL: server.databaseUrl, TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_LOG_LEVEL: 'silent' };
  const code = await runCli(['jobs', 'run', 'score', '--json'], { stdout: (t) => void (out += t), stderr: (t) => void (out += t), env, cwd: process.cwd() });
  expect(code, out).toBe(0);
  browser = await launchBrowser();
});

/** Clicks a download button; the saved file's name and text. */
async function downloadFrom(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).first().click()]);
  return { name: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
}

/** " · <reason>" when the trace's action has a reason. */
async function actionReasonSuffix(id: string): Promise<string> {
  const t = (await (await fetch(`${server.url}/api/traces/${id}`)).json()) as { actionReason: string | null };
  return t.actionReason ? ` · ${t.actionReason}` : '';
}

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('review and datasets in the browser', () => {
  it('flags a trace, approves the review item and publishes a new dataset version', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/datasets`);
    await page.getByTestId('empty-state').filter({ hasText: 'No dataset versions yet' }).waitFor();

    await page.goto(`${server.url}/traces/${traceId}`);
    await page.getByTestId('flag-button').click();
    await page.getByTestId('flag-reason').fill('invented an account balance');
    await page.getByTestId('flag-submit').click();
    await page.getByTestId('flagged').waitFor();

    await page.goto(`${server.url}/review`);
    await page.getByTestId('review-queue').waitFor();
    expect(await page.getByTestId('review-queue').innerText()).toContain('invented an account balance');
    await screenshot(page, 'review-queue');
    await page.getByTestId('review-queue').getByRole('link', { name: 'view' }).first().click();
    await page.getByTestId('approve-form').waitFor();
    const itemId = new URL(page.url()).searchParams.get('item');
    expect(itemId).toBeTruthy();
    expect(await page.getByTestId('review-item').innerText()).toContain('Your savings account balance is $12,480.17.');
    // the scorers' action with its source, as the trace endpoint reports it
    const scored = (await (await fetch(`${server.url}/api/traces/${traceId}`)).json()) as { action: string; actionSource: string };
    expect(scored.action).toBe('answer');
    expect(await page.getByTestId('review-action').innerText()).toBe(`${scored.action} · source ${scored.actionSource}` + (await actionReasonSuffix(traceId)));

    const form = page.getByTestId('approve-form');
    await form.locator('select[name=action]').selectOption('abstain');
    await form.locator('input[name=bucket]').fill('missing-evidence-abstain');
    await form.locator('select[name=riskTier]').selectOption('high');
    await form.locator('select[name=evidenceRegime]').selectOption('unsupported');
    await form.locator('textarea[name=forbiddenClaims]').fill('a specific account balance');
    await form.locator('input[name=reviewer]').fill('release-manager');
    await screenshot(page, 'review-item');
    await page.getByTestId('approve-submit').click();
    await page.getByTestId('approve-done').waitFor();


    // the audit log, field by field: no raw JSON
    await page.goto(`${server.url}/review?status=all&item=${itemId}`);
    await page.getByTestId('review-audit').waitFor();
    const audit = await page.getByTestId('review-audit').innerText();
    expect(audit).toContain('status: open → approved');
    expect(audit).toContain('labels.action: abstain');
    expect(audit).toContain('labels.bucket: missing-evidence-abstain');
    expect(audit).toContain('labels.forbiddenClaims: a specific account balance');
    expect(audit).not.toMatch(/[{}"]/);
    await screenshot(page, 'review-audit');

    await page.getByRole('link', { name: 'Datasets' }).first().click();
    await page.getByTestId('publish-button').click();
    await page.getByTestId('dataset-version').first().waitFor();
    const version = await page.getByTestId('dataset-version').first().innerText();
    expect(version).toMatch(/sha256:[0-9a-f]{64}/);
    expect(version).toContain('1 case ·');
    expect(version).toContain('1 added');
    expect(await page.getByTestId('publish-result').innerText()).toMatch(/Published sha256:/);
    // the jobs table: the score job's last run as a line, never as raw JSON
    const jobs = await page.getByTestId('jobs').innerText();
    expect(jobs).toMatch(/success at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ in [\d.]+ (ms|s)/);
    expect(jobs).not.toMatch(/[{}"]/);
    await screenshot(page, 'datasets');

    const api = (await (await fetch(`${server.url}/api/datasets`)).json()) as { versions: Array<{ version: string; caseCount: number }> };
    expect(api.versions).toHaveLength(1);
    expect(version).toContain(api.versions[0]!.version);

    // both export formats download as files, byte for byte what the export API answers
    const v = api.versions[0]!.version;
    const native = await downloadFrom(page, 'export-native');
    expect(native.name).toBe(`cases-${v.slice(7, 19)}.native.jsonl`);
    const lines = native.text.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ expectedAction: 'abstain', bucket: 'missing-evidence-abstain' });
    expect(native.text).toBe(await (await fetch(`${server.url}/api/datasets/${encodeURIComponent(v)}/export?format=native`)).text());
    const evalOps = await downloadFrom(page, 'export-llm-eval-ops');
    expect(evalOps.name).toBe(`cases-${v.slice(7, 19)}.llm-eval-ops.json`);
    expect(evalOps.text).toBe(await (await fetch(`${server.url}/api/datasets/${encodeURIComponent(v)}/export?format=llm-eval-ops`)).text());
    expect(() => JSON.parse(evalOps.text)).not.toThrow();
    expect(evalOps.text).not.toBe(native.text);
    expect(browser.problems).toEqual([]);
    await page.close();
  });

  it('renders a gate JSON report opened from disk', async () => {
    const page = await browser.page();
    await page.goto(`${server.url}/datasets`);
    await page.getByTestId('gate-report-file').setInputFiles('test/fixtures/gate/example-report.json');
    await page.getByTestId('gate-report').waitFor();
    expect(await page.getByTestId('gate-decision').innerText()).toBe('block');
    expect(await page.getByTestId('gate-reasons').innerText()).toContain('pet-insurance: unsupported_claim');
    expect(await page.getByTestId('gate-buckets').innerText()).toContain('missing-evidence-abstain');
    await screenshot(page, 'gate-report');
    await page.getByTestId('gate-report-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
    await page.getByRole('alert').filter({ hasText: 'not a gate report' }).waitFor();
    expect(browser.problems).toEqual([]);
    await page.close();
  });
});
