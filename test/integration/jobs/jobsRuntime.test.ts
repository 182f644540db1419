/** The job runtime on a real database: run records, exclusive leases, and a scheduler that survives a throwing job. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobScheduler } from '../../../jobs/JobScheduler.js';
import { createJobDeps } from '../../../jobs/createJobDeps.js';
import type { Job, JobDeps } from '../../../jobs/jobTypes.js';
import { runJob } from '../../../jobs/runJob.js';
import { listJobStatuses } from '../../../jobs/listJobStatuses.js';
import { createLogger } from '../../../src/app/logger.js';
import { loadScoringSettings } from '../../../src/app/scoring/scoringSettings.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { postgresTestUrl } from '../../support/startTestServer.js';

const settings = (() => {
  const s = loadScoringSettings({});
  if (!s.ok) throw new Error(s.message);
  return s.settings;
})();

const targets = [
  { name: 'sqlite', url: () => `file:${join(mkdtempSync(join(tmpdir(), 'tracegate-jobs-')), 'db.sqlite')}` },
  { name: 'postgres', url: () => postgresTestUrl(`jobs_${process.pid}_${Date.now()}`) },
];

describe.each(targets)('job runtime on $name', ({ url }) => {
  let db: Database;
  let deps: JobDeps;
  beforeAll(async () => {
    db = await openDatabase(url());
    deps = createJobDeps(db, settings, createLogger('silent'));
  });
  afterAll(async () => {
    await db.close();
  });

  it('records success, skipped and failed runs with counts and the error', async () => {
    const ok: Job = { name: 'ok', schedule: '* * * * *', summary: '', run: async () => ({ outcome: 'success', counts: { scored: 3 } }) };
    const skip: Job = { name: 'skip', schedule: '* * * * *', summary: '', run: async () => ({ outcome: 'skipped', reason: 'nothing_to_do' }) };
    const boom: Job = { name: 'boom', schedule: '* * * * *', summary: '', run: async () => { throw new Error('provider exploded'); } };
    expect((await runJob(ok, deps)).outcome).toBe('success');
    expect((await runJob(skip, deps)).reason).toBe('nothing_to_do');
    const failed = await runJob(boom, deps);
    expect(failed).toMatchObject({ outcome: 'failed', error: 'provider exploded' });
    const [okRun] = await db.jobs.recentRuns('ok', 1);
    expect(okRun).toMatchObject({ outcome: 'success', counts: { scored: 3 } });
    expect(okRun!.endedMs).toBeGreaterThanOrEqual(okRun!.startedMs);
    const [boomRun] = await db.jobs.recentRuns('boom', 1);
    expect(boomRun).toMatchObject({ outcome: 'failed', error: 'provider exploded' });
    const statuses = await listJobStatuses(db.jobs, [ok, boom].map((job) => ({ job, schedule: job.schedule })), Date.now());
    expect(statuses.map((s) => [s.name, s.lastRun?.outcome, s.lastSuccessAt !== null])).toEqual([['ok', 'success', true], ['boom', 'failed', false]]);
  });

  it('an exclusive job runs in one process at a time; an expired lease is taken over', async () => {
    const other = { ...deps, holder: 'other-process' };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Job = { name: 'exclusive', schedule: '* * * * *', summary: '', exclusive: true, leaseMs: 60_000, run: async () => (await gate, { outcome: 'success' }) };
    const first = runJob(slow, deps);
    await new Promise((r) => setTimeout(r, 100));
    const second = await runJob(slow, other);
    expect(second).toMatchObject({ outcome: 'skipped', reason: 'lease_held' });
    release();
    expect((await first).outcome).toBe('success');
    expect(await db.jobs.claimLease('x', 'a', 1000, 500)).toBe(true);
    expect(await db.jobs.claimLease('x', 'b', 1200, 500)).toBe(false);
    expect(await db.jobs.claimLease('x', 'b', 1600, 500)).toBe(true);
  });

  it('the scheduler keeps running the other jobs while one throws on every run', async () => {
    let good = 0;
    let bad = 0;
    const ticker: Job = { name: 'ticker', schedule: '* * * * * *', summary: '', run: async () => (good++, { outcome: 'success' }) };
    const thrower: Job = { name: 'thrower', schedule: '* * * * * *', summary: '', run: async () => { bad++; throw new Error('always fails'); } };
    const scheduler = new JobScheduler([{ job: thrower, schedule: thrower.schedule }, { job: ticker, schedule: ticker.schedule }], deps);
    scheduler.start();
    await new Promise((r) => setTimeout(r, 3500));
    await scheduler.stop();
    expect(bad).toBeGreaterThanOrEqual(2);
    expect(good).toBeGreaterThanOrEqual(2);
    const runs = await db.jobs.recentRuns('ticker', 10);
    expect(runs.every((r) => r.outcome === 'success')).toBe(true);
    expect((await db.jobs.recentRuns('thrower', 10)).every((r) => r.outcome === 'failed' && r.error === 'always fails')).toBe(true);
  });
});
