/** Every scheduled job; registering a job is one line here. */
import type { Job } from './jobTypes.js';
import { judgeJob } from './judge.js';
import { scoreJob } from './score.js';
import { canaryJob } from './canary.js';
import { driftJob } from './drift.js';
import { alertsJob } from './alerts.js';

export const JOBS: readonly Job[] = [
  scoreJob,
  judgeJob,
  canaryJob,
  driftJob,
  alertsJob,
];

/** The job named `name`, or undefined. */
export const findJob = (name: string): Job | undefined => JOBS.find((j) => j.name === name);
