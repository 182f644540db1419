/**
 * Browser: the promotion loop in the UI. Flag a trace on its page, open the item in the review queue,
 * approve it with the labels form, publish a dataset version and see it with its changelog.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { launchBrowser, screenshot, type Browser } from './browser.js';
import { hexId, otlpTrace, postTraces } from './otlpJson.js';

let server: TestServer;
let browser: Browser;
const traceId = hexId(16);

beforeAll(async () => {
  server = await startTestServer({ env: { TRACEGATE_JOBS: 'off' } });
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
  browser = await launchBrowser();
});

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
    await page.getByTestId('review-queue').getByRole('link', { name: 'open' }).first().click();
    await page.getByTestId('approve-form').waitFor();
    expect(await page.getByTestId('review-item').innerText()).toContain('Your savings account balance is $12,480.17.');

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

    await page.getByTestId('approve-done').getByRole('link', { name: 'Datasets' }).click();
    await page.getByTestId('publish-button').click();
    await page.getByTestId('dataset-version').first().waitFor();
    const version = await page.getByTestId('dataset-version').first().innerText();
    expect(version).toMatch(/sha256:[0-9a-f]{64}/);
    expect(version).toContain('1 case ·');
    expect(version).toContain('1 added');
    expect(await page.getByTestId('publish-result').innerText()).toMatch(/Published sha256:/);
    await screenshot(page, 'datasets');

    const api = (await (await fetch(`${server.url}/api/datasets`)).json()) as { versions: Array<{ version: string; caseCount: number }> };
    expect(api.versions).toHaveLength(1);
    expect(version).toContain(api.versions[0]!.version);
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
