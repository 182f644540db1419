/**
 * `tracegate canary start --since T` on a real SQLite file: the canary is declared as started at T, so the
 * canary job's look judges the stored traffic since T; a canary started without it judges from now or
 * from its release's first traffic in the last hour.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WindowedTrace } from '../../../src/app/canary/canaryPorts.js';
import { recordScoredTraces } from '../../../src/app/canary/cohortWindows.js';
import { runCli } from '../../../src/cli/main.js';
import { openDatabase } from '../../../src/store/openDatabase.js';
import { obs } from '../canary/helpers.js';

const MINUTE = 60_000;
/** Traces per arm and service: one every 2 minutes over the last 3 hours. */
const PER_ARM = 90;
let dir: string;
let databaseUrl: string;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli([...args, '--database-url', databaseUrl], { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, env: { TRACEGATE_LOG_LEVEL: 'silent' }, cwd: dir });
  return { code, stdout, stderr };
}

function traffic(service: string, nowMs: number): WindowedTrace[] {
  return Array.from({ length: PER_ARM }, (_, i) => ['v1', 'v2'].map((release) => ({
    traceId: `${service}-${release}-${i}`, service, environment: 'prod', startMs: nowMs - 180 * MINUTE + i * 2 * MINUTE + MINUTE,
    cohorts: { 'service.version': release }, observation: obs({ refused: i % 10 === 0 }),
    categories: { finishClass: ['stop'], tool: [], model: ['m'], errorType: [] },
  }))).flat();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tg-canary-since-'));
  databaseUrl = `file:${join(dir, 'tracegate.db')}`;
  const db = await openDatabase(databaseUrl);
  try {
    const project = await db.control.createProject('default');
    const nowMs = Date.now();
    await recordScoredTraces(db.canary, project.id, [...traffic('shop-a', nowMs), ...traffic('shop-b', nowMs)], nowMs);
  } finally {
    await db.close();
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('canary start --since', () => {
  it('declares the start, and the canary job judges the stored traffic since then', async () => {
    const before = Date.now();
    const started = await cli(['canary', 'start', '--baseline', 'v1', '--canary', 'v2', '--service', 'shop-a', '--environment', 'prod', '--since', '4h', '--json']);
    expect(started.code, started.stderr).toBe(0);
    const a = JSON.parse(started.stdout) as { id: string; created: boolean; startedAt: string };
    expect(a.created).toBe(true);
    const startedMs = Date.parse(a.startedAt);
    expect(startedMs).toBeGreaterThanOrEqual(before - 240 * MINUTE);
    expect(startedMs).toBeLessThanOrEqual(Date.now() - 240 * MINUTE);
    // The same canary without --since starts with its release's traffic of the last hour only.
    const control = await cli(['canary', 'start', '--baseline', 'v1', '--canary', 'v2', '--service', 'shop-b', '--environment', 'prod']);
    expect(control.code, control.stderr).toBe(0);
    expect(control.stdout).toMatch(/^started canary \S+ \(v2 vs v1\)\n$/);

    const run = await cli(['jobs', 'run', 'canary', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ outcome: 'success', counts: { evaluated: 2, retired: 0, detected: 0 } });

    const n = async (service: string) => {
      const r = await cli(['canary', '--baseline', 'v1', '--canary', 'v2', '--service', service, '--json']);
      expect([0, 1, 2, 3], r.stderr).toContain(r.code);
      return (JSON.parse(r.stdout) as { metrics: Array<{ metric: string; n: { baseline: number; canary: number } }> }).metrics.find((m) => m.metric === 'refusal')!.n;
    };
    expect(await n('shop-a')).toEqual({ baseline: PER_ARM, canary: PER_ARM });
    const b = await n('shop-b');
    expect(b.canary).toBeGreaterThan(0);
    expect(b.canary).toBeLessThanOrEqual(PER_ARM / 2);
  });

  it('does not move the start of an active canary, and says so', async () => {
    const again = await cli(['canary', 'start', '--baseline', 'v1', '--canary', 'v2', '--service', 'shop-a', '--environment', 'prod', '--since', '1h']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^already active: canary \S+ \(v2 vs v1\)\n$/);
    expect(again.stderr).toMatch(/^tracegate canary start: --since ignored: the active canary \S+ started at \d{4}-\d\d-\d\dT/);
  });

  it('takes an ISO time as well', async () => {
    const at = new Date(Date.now() - 150 * MINUTE).toISOString();
    const r = await cli(['canary', 'start', '--baseline', 'v1', '--canary', 'v3', '--service', 'shop-a', '--since', at, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ created: true, startedAt: at });
  });

  it('options given before the verb count for it, as they always did (`canary --baseline v1 --canary v3 stop`)', async () => {
    const r = await cli(['canary', '--baseline', 'v1', '--canary', 'v3', '--json', 'stop', '--service', 'shop-a']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { stopped: string[] }).stopped).toHaveLength(1);
    const again = await cli(['canary', 'stop', '--baseline', 'v1', '--canary', 'v3']);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 4, stderr: 'tracegate canary stop: no active canary matches\n' });
  });
});
