/**
 * Two processes score one PostgreSQL database at the same time (`tracegate jobs run score` twice, small
 * batches so their claims interleave): every trace is scored exactly once, and both processes score.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { openDatabase } from '../../../src/store/openDatabase.js';
import { postgresTestUrl, startTestServer, type TestServer } from '../../support/startTestServer.js';

const TRACES = 1500;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ databaseUrl: postgresTestUrl(`score_two_${process.pid}_${Date.now()}`) });
});
afterAll(async () => {
  await server?.close();
});

function runScoreProcess(databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tracegate.js', 'jobs', 'run', 'score', '--json'], {
      env: { ...process.env, DATABASE_URL: databaseUrl, TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_SCORING_BATCH: '25' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('two processes scoring one PostgreSQL database score each trace once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tracegate-two-'));
  const sim = await runCli(['simulate', '--endpoint', server.url, '--traces', String(TRACES), '--seed', 'two', '--unlabelled', '--quiet', '--no-feedback'], {
    stdout: () => {}, stderr: () => {}, env: {}, cwd: dir,
  });
  expect(sim).toBe(0);
  const [a, b] = await Promise.all([runScoreProcess(server.databaseUrl), runScoreProcess(server.databaseUrl)]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  const ra = JSON.parse(a.stdout) as { counts: { scored: number; lost: number } };
  const rb = JSON.parse(b.stdout) as { counts: { scored: number; lost: number } };
  expect(ra.counts.scored + rb.counts.scored).toBe(TRACES);
  expect(ra.counts.lost + rb.counts.lost).toBe(0);
  expect(ra.counts.scored).toBeGreaterThan(0);
  expect(rb.counts.scored).toBeGreaterThan(0);
  const db = await openDatabase(server.databaseUrl);
  try {
    const counts = await db.scoring.scoreCounts();
    expect(counts.size).toBe(TRACES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  } finally {
    await db.close();
  }
  process.stdout.write(`process A scored ${ra.counts.scored}, process B scored ${rb.counts.scored}\n`);
});
