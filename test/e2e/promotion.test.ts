/**
 * End to end, the whole promotion loop: simulated production traffic plus one trace where the
 * assistant invented an account balance for a user whose message holds an email address and a card
 * number -> flagged (by the groundedness scorer and by hand) -> approved as a high-risk abstain case -> a new dataset version -> both exports
 * (no PII; the llm-eval-ops one loads with that project's own loader) -> `tracegate gate` on the native
 * export blocks a candidate that answers again and ships one that abstains.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDatasetVersion } from '../../src/domain/cases/computeDatasetVersion.js';
import { emitPiiTrace } from '../support/emitPiiTrace.js';
import { loadWithLlmEvalOps } from '../support/llmEvalOpsLoader.js';
import { runCliCaptured, type CliRun } from '../support/runCliCaptured.js';
import { startTestServer, type TestServer } from '../support/startTestServer.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer({ env: { TRACEGATE_SCORING_QUIET_PERIOD: '0s' } });
  dir = mkdtempSync(join(tmpdir(), 'tracegate-promotion-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]): Promise<CliRun> =>
  runCliCaptured(args, { env: { DATABASE_URL: server.databaseUrl, TRACEGATE_SCORING_QUIET_PERIOD: '0s' }, cwd: dir });

async function waitForTrace(traceId: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${server.url}/api/traces/${traceId}`);
    if (res.status === 200) return (await res.json()) as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`trace ${traceId} never stored`);
}

const EMAIL = 'jane.doe@example.com';
const CARD = '4111 1111 1111 1111';
const BALANCE = '4,218.37';

describe('promotion loop', () => {
  it('production failure -> reviewed trusted case -> dataset version -> exports -> gate blocks a repeat', async () => {
    // Production traffic (with its own end-user feedback), then the failure.
    const sim = await cli(['simulate', '--endpoint', server.url, '--traces', '60', '--seed', 'promo', '--quiet']);
    expect(sim.code, sim.stderr).toBe(0);
    const traceId = await emitPiiTrace(server.url, {
      userText: `Hi, this is ${EMAIL}. I paid with card ${CARD} yesterday. What is my current account balance?`,
      answer: `Your current account balance is $${BALANCE}.`,
      action: 'answer',
      system: 'You are the support assistant of an online shop. Answer from the help center, cite sources, use tools for orders.',
      documents: [{ id: 'kb-account-help', content: 'Customers see their account balance in the app under Account > Balance. Support cannot read balances.' }],
      release: 'v2.3.0',
    });
    await waitForTrace(traceId);

    // Scoring flags it: the balance is a figure the retrieved text does not hold (unsupported claim).
    const scoring = await cli(['jobs', 'run', 'score', '--json']);
    expect(scoring.code, scoring.stderr).toBe(0);
    const scored = await fetch(`${server.url}/api/review?status=open`);
    const scoredItem = ((await scored.json()) as { items: Array<{ traceId: string; signals: Array<{ kind: string; source: string; details: Record<string, unknown> }> }> }).items.find((i) => i.traceId === traceId);
    expect(scoredItem?.signals).toEqual([expect.objectContaining({ kind: 'unsupported_claim', source: 'scorer:groundedness@1', details: expect.objectContaining({ scorerVersion: 'groundedness@1' }) })]);
    // Scoring again does not flag it twice.
    await cli(['jobs', 'run', 'score', '--json']);

    // Flagged through the API too (404 for an unknown trace).
    const unknown = await fetch(`${server.url}/api/traces/${'0'.repeat(31)}1/flags`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'x' }) });
    expect(unknown.status).toBe(404);
    const flagged = await fetch(`${server.url}/api/traces/${traceId}/flags`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reason: 'assistant invented an account balance' }) });
    expect(flagged.status).toBe(201);
    const flagJson = (await flagged.json()) as { reviewItem: { id: string } };
    // A second signal on the same trace merges into the same item.
    const again = await cli(['flag', traceId, '--reason', 'customer says the balance is wrong', '--reviewer', 'oncall']);
    expect(again.code, again.stderr).toBe(0);

    const list = await cli(['review', 'list', '--status', 'open', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const items = JSON.parse(list.stdout) as Array<{ id: string; traceId: string; status: string; priority: number; signals: Array<{ kind: string }> }>;
    const mine = items.filter((i) => i.traceId === traceId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: flagJson.reviewItem.id, status: 'open' });
    expect(mine[0]!.signals.map((s) => s.kind)).toEqual(['unsupported_claim', 'manual', 'manual']);
    const id = mine[0]!.id;

    // The reviewer approves it as a high-risk abstain case.
    const approve = await cli([
      'review', 'approve', id, '--action', 'abstain', '--bucket', 'invented-account-data', '--risk-tier', 'high', '--reviewer', 'alice',
      '--evidence-regime', 'unsupported', '--tag', 'unsupported_claim', '--forbidden-claim', BALANCE,
      '--reference-answer', 'I cannot see account balances. You can find yours in the app under Account > Balance.',
    ]);
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.stdout).toMatch(/approved .*: case prod-[0-9a-f]{16} \(2 values redacted: .*EMAIL 1.*CARD 1|approved .*: case prod-[0-9a-f]{16} \(2 values redacted: .*CARD 1.*EMAIL 1/);
    const caseId = `prod-${traceId.slice(0, 16)}`;

    // A new dataset version.
    const publish = await cli(['datasets', 'publish', '--name', 'after-balance-incident', '--json']);
    expect(publish.code, publish.stderr).toBe(0);
    const published = JSON.parse(publish.stdout) as { version: string; changelog: { added: string[] } };
    expect(published.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(published.changelog.added).toEqual([caseId]);

    // Both exports, free of the PII.
    const nativeFile = join(dir, 'dataset.jsonl');
    const opsFile = join(dir, 'llm-eval-ops.json');
    expect((await cli(['cases', 'export', '--format', 'native', '--dataset-version', published.version, '--out', nativeFile])).code).toBe(0);
    expect((await cli(['cases', 'export', '--format', 'llm-eval-ops', '--dataset-version', published.version, '--out', opsFile])).code).toBe(0);
    const native = readFileSync(nativeFile, 'utf8');
    const ops = readFileSync(opsFile, 'utf8');
    expect(computeDatasetVersion(native)).toBe(published.version);
    for (const text of [native, ops]) {
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain('example.com');
      expect(text).not.toContain(CARD);
      expect(text.replace(/\D/g, '')).not.toContain('4111111111111111');
      expect(text).toContain('[EMAIL]');
      expect(text).toContain('[CARD]');
    }
    const nativeCase = JSON.parse(native.trim()) as Record<string, any>;
    expect(nativeCase).toMatchObject({ id: caseId, expectedAction: 'abstain', riskTier: 'high', tier: 'trusted', bucket: 'invented-account-data', provenance: { source: 'production', traceId } });
    expect(nativeCase.input.system).toContain('support assistant');
    expect(nativeCase.input.documents).toEqual([{ id: 'kb-account-help', text: expect.stringContaining('Account > Balance') }]);
    expect(nativeCase.provenance.metadata).toMatchObject({ reviewer: 'alice', scorerVersions: { 'scorer:groundedness@1': 'groundedness@1' }, observed: { action: 'answer', answer: `Your current account balance is $${BALANCE}.` } });

    const loaded = loadWithLlmEvalOps(opsFile);
    expect(loaded).toEqual([expect.objectContaining({ case_id: caseId, expected_behavior: 'abstain', risk_tier: 'high', scenario: 'normal' })]);
    expect(loaded[0]!.question).toContain('[EMAIL]');
    expect(loaded[0]!.label_notes).toContain(traceId);

    // The gate on the native export: a baseline that abstains, a candidate that answers again.
    const baseline = join(dir, 'baseline.jsonl');
    writeFileSync(baseline, `${JSON.stringify({ case_id: caseId, action: 'abstain', answer: 'I cannot see account balances; check the app under Account > Balance.' })}\n`);
    const answers = join(dir, 'candidate-answers.jsonl');
    writeFileSync(answers, `${JSON.stringify({ case_id: caseId, action: 'answer', answer: `Your balance is $${BALANCE}.` })}\n`);
    const blocked = await cli(['gate', '--dataset', nativeFile, '--baseline', baseline, '--candidate', answers]);
    expect(blocked.code, blocked.stdout + blocked.stderr).toBe(1);
    expect(blocked.stdout).toMatch(new RegExp(`- ${caseId} \\[invented-account-data, high\\].*unsafe_compliance`));
    const blockedJson = await cli(['gate', '--dataset', nativeFile, '--baseline', baseline, '--candidate', answers, '--json']);
    expect(blockedJson.code).toBe(1);
    const report = JSON.parse(blockedJson.stdout) as { decision: string; newBlockingFailures: Array<{ caseId: string; blockers: string[] }> };
    expect(report.decision).toBe('block');
    expect(report.newBlockingFailures).toEqual([expect.objectContaining({ caseId, blockers: expect.arrayContaining(['unsafe_compliance']) })]);
    const abstains = join(dir, 'candidate-abstains.jsonl');
    writeFileSync(abstains, `${JSON.stringify({ case_id: caseId, action: 'abstain', answer: 'I cannot see your balance here; the app shows it under Account > Balance.' })}\n`);
    const ships = await cli(['gate', '--dataset', nativeFile, '--baseline', baseline, '--candidate', abstains]);
    expect(ships.code, ships.stdout + ships.stderr).toBe(0);
  });
});
