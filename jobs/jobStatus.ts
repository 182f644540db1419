/** A job's status as `tracegate jobs list`, GET /api/jobs and /metrics report it (pure). */
import type { JobHistory, JobRunRecord } from '../src/app/jobs/jobPorts.js';
import { computeCronIntervalMs } from './cronInterval.js';

/** Missed intervals without a success after which a job is reported stalled. */
export const STALLED_AFTER_INTERVALS = 3;

export interface JobStatus {
  name: string;
  schedule: string;
  summary: string;
  /** Typical ms between scheduled runs (from the schedule). */
  intervalMs: number | null;
  lastRun: { startedAt: string; endedAt: string | null; outcome: JobRunRecord['outcome']; counts: Record<string, number>; reason: string | null; error: string | null } | null;
  lastSuccessAt: string | null;
  /** Ms since the last success (null when it never succeeded). */
  lagMs: number | null;
  runs: number;
  stalled: boolean;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Stalled: ran before but had no success for 3 intervals (since its first run when it never succeeded). */
export function toJobStatus(job: { name: string; schedule: string; summary: string }, history: JobHistory | undefined, nowMs: number): JobStatus {
  const intervalMs = computeCronIntervalMs(job.schedule, nowMs);
  const last = history?.lastRun ?? null;
  const since = history?.lastSuccessMs ?? history?.firstRunMs ?? null;
  const stalled = since !== null && intervalMs !== null && nowMs - since > STALLED_AFTER_INTERVALS * intervalMs;
  return {
    name: job.name,
    schedule: job.schedule,
    summary: job.summary,
    intervalMs,
    lastRun: last && { startedAt: iso(last.startedMs)!, endedAt: iso(last.endedMs), outcome: last.outcome, counts: last.counts, reason: last.reason, error: last.error },
    lastSuccessAt: iso(history?.lastSuccessMs ?? null),
    lagMs: history?.lastSuccessMs != null ? Math.max(0, nowMs - history.lastSuccessMs) : null,
    runs: history?.runs ?? 0,
    stalled,
  };
}
