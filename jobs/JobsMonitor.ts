/**
 * Keeps the jobs' run histories in memory for /metrics (scrapes are synchronous): refreshed at
 * start and after every run; stalled is computed at scrape time, so a job that stops running shows
 * as stalled without any new record.
 */
import type { JobHistory, JobRunRecord, JobStore } from '../src/app/jobs/jobPorts.js';
import type { ServiceMetrics } from '../src/app/metrics/ServiceMetrics.js';
import { toJobStatus } from './jobStatus.js';
import type { Job } from './jobTypes.js';

export class JobsMonitor {
  private histories = new Map<string, JobHistory>();

  constructor(
    private readonly store: JobStore,
    private readonly jobs: ReadonlyArray<{ job: Job; schedule: string }>,
    private readonly clock: () => number = Date.now,
  ) {}

  async refresh(): Promise<void> {
    this.histories = new Map((await this.store.histories()).map((h) => [h.job, h]));
  }

  /** Registers per-job metrics: runs and seconds by outcome (counters), last success and stalled (gauges). */
  register(metrics: ServiceMetrics): (run: JobRunRecord, seconds: number) => void {
    metrics.describe('tracegate_job_runs_total', 'Job runs by job and outcome');
    metrics.describe('tracegate_job_duration_seconds_total', 'Seconds spent in job runs, by job');
    metrics.gaugeFamily('tracegate_job_last_success_timestamp_seconds', 'Unix time of the last successful run (0: never)', () =>
      this.jobs.map(({ job }) => ({ labels: { job: job.name }, value: (this.histories.get(job.name)?.lastSuccessMs ?? 0) / 1000 })),
    );
    metrics.gaugeFamily('tracegate_job_stalled', '1 when the job had no success for 3 scheduled intervals', () =>
      this.jobs.map(({ job, schedule }) => ({
        labels: { job: job.name },
        value: toJobStatus({ name: job.name, schedule, summary: job.summary }, this.histories.get(job.name), this.clock()).stalled ? 1 : 0,
      })),
    );
    return (run, seconds) => {
      metrics.inc('tracegate_job_runs_total', { job: run.job, outcome: run.outcome });
      metrics.inc('tracegate_job_duration_seconds_total', { job: run.job }, seconds);
      this.refresh().catch(() => undefined);
    };
  }
}
