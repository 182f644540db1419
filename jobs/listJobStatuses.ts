/** Status of every registered job from the run records (for the CLI, GET /api/jobs and /metrics). */
import type { JobStore } from '../src/app/jobs/jobPorts.js';
import { toJobStatus, type JobStatus } from './jobStatus.js';
import type { Job } from './jobTypes.js';

export async function listJobStatuses(store: JobStore, jobs: ReadonlyArray<{ job: Job; schedule: string }>, nowMs: number): Promise<JobStatus[]> {
  const histories = new Map((await store.histories()).map((h) => [h.job, h]));
  return jobs.map(({ job, schedule }) => toJobStatus({ name: job.name, schedule, summary: job.summary }, histories.get(job.name), nowMs));
}
