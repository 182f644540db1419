/**
 * The job runner: records the run (start, end, outcome, counts, error), holds the exclusive lease when
 * the job asks for one, logs, and never throws: a failing job is a `failed` record, not a crash.
 */
import { randomUUID } from 'node:crypto';
import type { JobRunRecord } from '../src/app/jobs/jobPorts.js';
import type { Job, JobDeps } from './jobTypes.js';

/** Called with every finished run (metrics). */
export type RunObserver = (run: JobRunRecord, durationSeconds: number) => void;

const DEFAULT_LEASE_MS = 10 * 60_000;

/** Runs `job` once now and returns its record. `clock` supplies ms since the epoch (tests pin it). */
export async function runJob(job: Job, deps: JobDeps, opts: { clock?: () => number; observe?: RunObserver } = {}): Promise<JobRunRecord> {
  const clock = opts.clock ?? Date.now;
  const startedMs = clock();
  const started = performance.now();
  const id = randomUUID();
  const record: JobRunRecord = { id, job: job.name, holder: deps.holder, startedMs, endedMs: null, outcome: 'running', counts: {}, reason: null, error: null };
  const leaseName = `job:${job.name}`;
  let leased = false;
  try {
    await deps.jobs.startRun({ id, job: job.name, holder: deps.holder, startedMs });
    if (job.exclusive) {
      leased = await deps.jobs.claimLease(leaseName, deps.holder, startedMs, job.leaseMs ?? DEFAULT_LEASE_MS);
      if (!leased) Object.assign(record, { outcome: 'skipped', reason: 'lease_held' });
    }
    if (record.outcome === 'running') {
      const result = await job.run(deps, new Date(startedMs));
      record.outcome = result.outcome;
      record.counts = result.counts ?? {};
      record.reason = result.outcome === 'skipped' ? result.reason : null;
    }
  } catch (err) {
    record.outcome = 'failed';
    record.error = err instanceof Error ? err.message : String(err);
  }
  if (leased) await deps.jobs.releaseLease(leaseName, deps.holder).catch(() => undefined);
  record.endedMs = clock();
  try {
    await deps.jobs.finishRun(id, { endedMs: record.endedMs, outcome: record.outcome as 'success', counts: record.counts, reason: record.reason, error: record.error });
  } catch (err) {
    deps.logger.error('job run record not saved', { job: job.name, error: err instanceof Error ? err.message : String(err) });
  }
  const seconds = (performance.now() - started) / 1000;
  const fields = { job: job.name, outcome: record.outcome, seconds: Math.round(seconds * 1000) / 1000, counts: record.counts, reason: record.reason };
  if (record.outcome === 'failed') deps.logger.error('job failed', { ...fields, error: record.error });
  else deps.logger.debug('job finished', fields);
  opts.observe?.(record, seconds);
  return record;
}
