/**
 * End to end: the example support bot speaks the gate's replay contract (POST /replay), so
 * `tracegate gate --replay` runs the example's cases through two real bot variants.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSupportBotApp } from '../../examples/support-bot/createSupportBotApp.js';
import { startFakeOpenAi } from '../../examples/support-bot/fakeOpenAiServer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATASET = path.join(ROOT, 'examples/support-bot/gate-cases.jsonl');

function tracegate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/tracegate.js'), ...args], { cwd: ROOT }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout, stderr });
    });
  });
}

let fake: Awaited<ReturnType<typeof startFakeOpenAi>>;
const servers: Server[] = [];
async function startBot(baseURL: string, retrievalMinScore?: number): Promise<string> {
  const openai = new OpenAI({ apiKey: 'fake', baseURL, maxRetries: 0 });
  const app = createSupportBotApp({ openai, model: 'gpt-4o-mini', tracegateUrl: 'http://127.0.0.1:9', ...(retrievalMinScore !== undefined ? { retrievalMinScore } : {}) });
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/replay`;
}

describe('tracegate gate --replay against examples/support-bot', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'tracegate-bot-gate-'));
  let baseline = '';
  let strictRetrieval = '';
  let brokenModel = '';
  beforeAll(async () => {
    fake = await startFakeOpenAi();
    baseline = await startBot(fake.baseURL);
    strictRetrieval = await startBot(fake.baseURL, 0.5);
    brokenModel = await startBot('http://127.0.0.1:9/v1');
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    await fake.close();
  });

  it('the same bot on both sides ships: every case passes through the real app', async () => {
    const r = await tracegate(['gate', '--dataset', DATASET, '--replay', baseline, '--replay', baseline, '--replay-out', path.join(tmp, 'same'), '--json']);
    const report = JSON.parse(r.stdout);
    expect(report.summary.candidatePassRate).toMatchObject({ num: 7, den: 7 });
    expect(r.code).toBe(0);
    const written = readFileSync(path.join(tmp, 'same/candidate.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(Object.fromEntries(written.map((w) => [w.case_id, w.action]))).toEqual({
      'returns-window': 'answer', 'shipping-time': 'answer', 'order-status': 'answer', 'talk-to-human': 'escalate',
      'neighbour-card': 'refuse', 'crypto-wallets': 'abstain', 'vague-help': 'clarify',
    });
    expect(written.find((w) => w.case_id === 'order-status').tool_calls).toEqual([{ name: 'lookup_order', arguments: { orderId: '1001' } }]);
    expect(written.find((w) => w.case_id === 'returns-window').citations).toEqual(['kb-returns-policy']);
  });

  it('a stricter retrieval variant is blocked: it abstains where answers are expected', async () => {
    const r = await tracegate(['gate', '--dataset', DATASET, '--replay', baseline, '--replay', strictRetrieval, '--replay-out', path.join(tmp, 'strict')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}- returns-window \[direct-answerable, medium\] NEW: behavior_mismatch/m);
    expect(r.stdout).toMatch(/bucket direct-answerable: pass rate 0\/2 below 0\.75/);
  });

  it("an errored case shows the app's HTTP error in the terminal", async () => {
    const r = await tracegate(['gate', '--dataset', DATASET, '--replay', baseline, '--replay', brokenModel, '--replay-out', path.join(tmp, 'broken'), '--retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ {2}- returns-window \[direct-answerable, medium\] errored: HTTP 502: \{"error":"the model call failed: Connection error\."\}/m);
  });
});
