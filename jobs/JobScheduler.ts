/**
 * Schedules jobs with node-cron inside the service. One run of a job at a time per process (a tick
 * that finds the previous run still going is left out); runJob never throws, and the tick handler
 * catches anything else, so one failing job never stops the others or the scheduler.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Job, JobDeps } from './jobTypes.js';
import { runJob, type RunObserver } from './runJob.js';

export class JobScheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly jobs: ReadonlyArray<{ job: Job; schedule: string }>,
    private readonly deps: JobDeps,
    private readonly observe?: RunObserver,
  ) {}

  start(): void {
    for (const { job, schedule } of this.jobs) {
      const task = cron.schedule(schedule, () => this.tick(job), { name: `tracegate:${job.name}`, noOverlap: true });
      this.tasks.push(task);
    }
  }

  /** Runs `job` now unless it is already running in this process; resolves when that run ends. */
  tick(job: Job): Promise<unknown> {
    const current = this.running.get(job.name);
    if (current) return current;
    const run = runJob(job, this.deps, { observe: this.observe })
      .catch((err) => this.deps.logger.error('job runner error', { job: job.name, error: String(err) }))
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
    return run;
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const t of this.tasks.splice(0)) await t.destroy();
    await Promise.allSettled([...this.running.values()]);
  }
}

/** Schedules per job: TRACEGATE_JOB_SCHEDULE_<NAME> (name upper-cased, `-` as `_`) or the job's default. */
export function resolveJobSchedules(
  jobs: readonly Job[],
  env: NodeJS.ProcessEnv,
): { ok: true; schedules: Array<{ job: Job; schedule: string }> } | { ok: false; message: string } {
  const out: Array<{ job: Job; schedule: string }> = [];
  for (const job of jobs) {
    const key = `TRACEGATE_JOB_SCHEDULE_${job.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
    const schedule = env[key]?.trim() || job.schedule;
    if (!cron.validate(schedule)) return { ok: false, message: `${key}: expected a cron schedule such as "*/30 * * * * *", got ${JSON.stringify(schedule)}` };
    out.push({ job, schedule });
  }
  return { ok: true, schedules: out };
}
