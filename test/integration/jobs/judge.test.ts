/**
 * The LLM judge against a local fake OpenAI-compatible server: client failure modes (timeouts,
 * malformed replies, 429 with Retry-After, concurrency cap), then the judge job over scored traces on a
 * real database (every call stored, statuses with reasons, the daily cost cap), human labels and
 * GET /api/judges agreement.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JudgeClient } from '../../../src/app/scoring/judge/JudgeClient.js';
import { runCli } from '../../../src/cli/main.js';
import { startFakeJudgeServer, type FakeJudgeServer } from '../../support/fakeJudgeServer.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';

let fake: FakeJudgeServer;
beforeAll(async () => {
  fake = await startFakeJudgeServer();
});
afterAll(async () => {
  await fake?.close();
});

const client = (over: Partial<ConstructorParameters<typeof JudgeClient>[0]> = {}) =>
  new JudgeClient({ baseUrl: fake.baseUrl, apiKey: 'k', timeoutMs: 500, maxRetries: 2, concurrency: 2, ...over });

describe('judge client failure modes', () => {
  it('times out a hung provider and gives up after the retries', async () => {
    fake.setHandler(() => ({ kind: 'hang' }));
    const t0 = Date.now();
    const r = await client({ timeoutMs: 300, maxRetries: 1 }).complete('m', 'p');
    expect(r).toMatchObject({ ok: false, attempts: 2 });
    expect(!r.ok && r.error).toMatch(/timeout after 300 ms/);
    expect(Date.now() - t0).toBeLessThan(3000);
  });
  it('honours Retry-After on 429, then succeeds', async () => {
    const n0 = fake.requests.length;
    fake.setHandler(({ n }) => (n === n0 + 1 ? { kind: 'status', status: 429, retryAfter: '1' } : { kind: 'ok', content: '{"label":"good"}' }));
    const r = await client().complete('m', 'p');
    expect(r).toMatchObject({ ok: true, attempts: 2 });
    const [a, b] = fake.requests.slice(n0);
    expect(b!.atMs - a!.atMs).toBeGreaterThanOrEqual(950);
  });
  it('retries 503 with backoff; gives up on a Retry-After longer than allowed', async () => {
    fake.setHandler(() => ({ kind: 'status', status: 503, retryAfter: '3600' }));
    const r = await client({ maxRetryAfterMs: 5000 }).complete('m', 'p');
    expect(r).toMatchObject({ ok: false, attempts: 1 });
    expect(!r.ok && r.error).toContain('Retry-After');
  });
  it('does not retry a 400 or a malformed body', async () => {
    fake.setHandler(() => ({ kind: 'status', status: 400 }));
    expect(await client().complete('m', 'p')).toMatchObject({ ok: false, error: 'http_400', attempts: 1 });
    fake.setHandler(() => ({ kind: 'raw', body: '<html>oops</html>' }));
    expect(await client().complete('m', 'p')).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed_response/) });
    fake.setHandler(() => ({ kind: 'raw', body: '{"choices": []}' }));
    expect(await client().complete('m', 'p')).toMatchObject({ ok: false, error: expect.stringMatching(/^malformed_response/) });
  });
  it('keeps at most `concurrency` calls in flight', async () => {
    fake.setHandler(async () => (await new Promise((r) => setTimeout(r, 100)), { kind: 'ok', content: '{"label":"good"}' }));
    const c = client({ concurrency: 3 });
    const before = fake.maxInFlight;
    await Promise.all(Array.from({ length: 12 }, () => c.complete('m', 'p')));
    expect(fake.maxInFlight).toBeLessThanOrEqual(Math.max(before, 3));
  });
});

describe('judge job', () => {
  let server: TestServer;
  let dir: string;
  const env = (extra: Record<string, string> = {}) => ({
    DATABASE_URL: server.databaseUrl, TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_JUDGE_BASE_URL: fake.baseUrl, TRACEGATE_JUDGE_MODEL: 'gpt-4o-mini',
    TRACEGATE_JUDGE_SAMPLE_RATE: '1', TRACEGATE_JUDGE_TIMEOUT: '2s', TRACEGATE_JUDGE_RETRIES: '0', ...extra,
  });
  const cli = async (args: string[], e: Record<string, string>) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: e, cwd: dir });
    return { code, stdout, stderr };
  };
  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'tracegate-judge-'));
    expect(await runCli(['simulate', '--endpoint', server.url, '--traces', '60', '--seed', 'judge', '--quiet', '--no-feedback', '--manifest', 'm.json'], { stdout: () => {}, stderr: () => {}, env: {}, cwd: dir })).toBe(0);
    expect((await cli(['jobs', 'run', 'score'], env())).code).toBe(0);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('judges sampled traces, stores every call, stops at the daily cost cap, and reports agreement', async () => {
    // gpt-4o-mini: $0.15 / $0.60 per 1M tokens; 1000 + 100 tokens = $0.00021 per call. Cap after ~10 calls.
    let n = 0;
    fake.setHandler(() => {
      n++;
      if (n === 3) return { kind: 'raw', body: '{"choices":[{"message":{"content":"I think it is fine"}}]}' };
      return { kind: 'ok', content: JSON.stringify({ label: n % 4 === 0 ? 'bad' : 'good', score: 4, explanation: 'checked' }) };
    });
    const run = await cli(['jobs', 'run', 'judge', '--json'], env({ TRACEGATE_JUDGE_DAILY_COST_CAP: '0.002' }));
    expect(run.code, run.stderr).toBe(0);
    const rec = JSON.parse(run.stdout) as { outcome: string; counts: { considered: number; judged: number; errors: number; overBudget: number; noContent: number; sampledOut: number } };
    expect(rec.outcome).toBe('success');
    expect(rec.counts.considered).toBe(60);
    expect(rec.counts.errors).toBe(1);
    expect(rec.counts.overBudget).toBeGreaterThan(0);
    expect(rec.counts.judged + rec.counts.errors + rec.counts.overBudget + rec.counts.noContent + rec.counts.sampledOut).toBe(60);

    const list = (await (await fetch(`${server.url}/api/traces?scoring=judged&limit=1000`)).json()) as { traces: Array<{ traceId: string }> };
    expect(list.traces.length).toBe(rec.counts.judged);
    const detail = (await (await fetch(`${server.url}/api/traces/${list.traces[0]!.traceId}`)).json()) as { scores: Array<{ name: string; label: string }>; scoring: { judge: { status: string } } };
    expect(detail.scoring.judge.status).toBe('judged');
    expect(detail.scores.find((s) => s.name === 'judge:answer-quality')).toBeTruthy();
    const over = (await (await fetch(`${server.url}/api/traces?scoring=over_budget&limit=1`)).json()) as { traces: Array<{ scoring: { judge: { reason: string } } }> };
    expect(over.traces[0]!.scoring.judge.reason).toMatch(/daily cost cap/);
    const errored = (await (await fetch(`${server.url}/api/traces?scoring=error`)).json()) as { traces: Array<{ scoring: { judge: { reason: string } } }> };
    expect(errored.traces[0]!.scoring.judge.reason).toMatch(/malformed_reply/);

    // Human labels: half through the CLI, half through the API.
    const judged = list.traces.map((t) => t.traceId);
    writeFileSync(join(dir, 'labels.jsonl'), judged.slice(0, 3).map((traceId) => JSON.stringify({ traceId, rubric: 'answer-quality', label: 'good' })).join('\n'));
    expect((await cli(['labels', 'import', 'labels.jsonl'], { DATABASE_URL: server.databaseUrl })).code).toBe(0);
    const post = await fetch(`${server.url}/api/labels`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ labels: judged.slice(3).map((traceId) => ({ traceId, rubric: 'answer-quality', label: 'good', labeller: 'ann' })) }),
    });
    expect(post.status).toBe(201);
    expect((await fetch(`${server.url}/api/labels`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"traceId": "x"}' })).status).toBe(400);
    const judges = (await (await fetch(`${server.url}/api/judges`)).json()) as { judges: Array<Record<string, unknown>> };
    expect(judges.judges).toHaveLength(1);
    expect(judges.judges[0]).toMatchObject({ model: 'gpt-4o-mini', rubric: 'answer-quality', rubricVersion: 1, labels: judged.length, calibrated: false, minKappa: 0.6, minLabels: 50 });
    expect(judges.judges[0]!.calls).toBe(rec.counts.judged + 1);

    // Re-running judges nothing new: every trace has a judge decision.
    const again = JSON.parse((await cli(['jobs', 'run', 'judge', '--json'], env())).stdout) as { counts: Record<string, number> };
    expect(again.counts.considered).toBe(0);
  });

  it('is skipped when no judge is configured', async () => {
    const r = JSON.parse((await cli(['jobs', 'run', 'judge', '--json'], { DATABASE_URL: server.databaseUrl })).stdout) as { outcome: string; reason: string };
    expect(r).toMatchObject({ outcome: 'skipped', reason: 'judge_not_configured' });
  });
});
