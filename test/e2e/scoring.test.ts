/**
 * End to end: `tracegate simulate --unlabelled` into the collector, `tracegate jobs run score`, and the
 * API shows inferred actions (from tools, finish reasons and the text classifier) that match the
 * simulator's manifest; late spans re-open a trace; list filters by action and scoring status.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulationManifestSchema } from '../../src/domain/simulate/index.js';
import { runCliCaptured, type CliRun } from '../support/runCliCaptured.js';
import { startTestServer, type TestServer } from '../support/startTestServer.js';

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer({ env: { TRACEGATE_SCORING_QUIET_PERIOD: '0s' } });
  dir = mkdtempSync(join(tmpdir(), 'tracegate-scoring-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCliCaptured(args, { env, cwd: dir });

interface ApiTrace {
  traceId: string;
  action: string | null;
  actionSource: string | null;
  scores?: Array<{ name: string; version: number; label: string | null }>;
  scoring: { status: string; reason: string };
}

describe('scoring end to end', () => {
  it('infers the action of every unlabelled simulated trace as the manifest says', async () => {
    const sim = await cli(['simulate', '--endpoint', server.url, '--preset', 'refusal-regression', '--traces', '400', '--seed', 'score-e2e',
      '--baseline', 'v1', '--canary', 'v2', '--unlabelled', '--manifest', 'm.json', '--quiet', '--no-feedback']);
    expect(sim.code, sim.stderr).toBe(0);
    const manifest = SimulationManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8')));
    expect(manifest.traces.every((t) => !t.actionLabelled)).toBe(true);

    const before = (await (await fetch(`${server.url}/api/traces/${manifest.traces[0]!.traceId}`)).json()) as ApiTrace;
    expect(before.scoring.status).toBe('waiting');

    const run = await cli(['jobs', 'run', 'score', '--json'], { DATABASE_URL: server.databaseUrl, TRACEGATE_SCORING_QUIET_PERIOD: '0s' });
    expect(run.code, run.stderr).toBe(0);
    const record = JSON.parse(run.stdout) as { outcome: string; counts: { scored: number } };
    expect(record).toMatchObject({ outcome: 'success', counts: { scored: 400 } });

    const wrong: string[] = [];
    const sources = new Map<string, number>();
    for (const t of manifest.traces) {
      const res = await fetch(`${server.url}/api/traces/${t.traceId}`);
      const got = (await res.json()) as ApiTrace;
      expect(got.scoring.status).toBe('scored');
      expect(got.scores?.find((s) => s.name === 'action')).toMatchObject({ version: 4, label: got.action });
      sources.set(got.actionSource ?? 'null', (sources.get(got.actionSource ?? 'null') ?? 0) + 1);
      if (got.action !== t.action) wrong.push(`${t.traceId}: expected ${t.action}, got ${got.action} (${got.actionSource})`);
    }
    expect(wrong).toEqual([]);
    expect(sources.get('classifier')).toBeGreaterThan(0);

    // A second run finds nothing left to score.
    const again = JSON.parse((await cli(['jobs', 'run', 'score', '--json'], { DATABASE_URL: server.databaseUrl, TRACEGATE_SCORING_QUIET_PERIOD: '0s' })).stdout) as { counts: { scored: number } };
    expect(again.counts.scored).toBe(0);

    // List filters: by action, by scoring status; unknown parameters are a 400.
    const refusals = manifest.traces.filter((t) => t.action === 'refuse').length;
    const listed = (await (await fetch(`${server.url}/api/traces?action=refuse&limit=1000`)).json()) as { traces: ApiTrace[] };
    expect(listed.traces.length).toBe(refusals);
    expect(listed.traces.every((t) => t.action === 'refuse' && t.scoring.status === 'scored')).toBe(true);
    const waiting = (await (await fetch(`${server.url}/api/traces?scoring=waiting`)).json()) as { traces: ApiTrace[] };
    expect(waiting.traces).toEqual([]);
    const bad = await fetch(`${server.url}/api/traces?acton=refuse`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('acton');

    const jobs = (await (await fetch(`${server.url}/api/jobs`)).json()) as { jobs: Array<{ name: string; lastRun: { outcome: string } | null; stalled: boolean }> };
    expect(jobs.jobs.find((j) => j.name === 'score')).toMatchObject({ lastRun: { outcome: 'success' }, stalled: false });
  });
});
