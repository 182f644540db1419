/** What the job runtime (jobs/) stores: run records and named leases. Implemented in src/store. */

/** How a finished run ended; `running` only while it runs (or when its process died mid-run). */
export type JobOutcome = 'success' | 'failed' | 'skipped';

/** One recorded run of a job; times in ms since the epoch. */
export interface JobRunRecord {
  id: string;
  job: string;
  /** The process that ran it (host:pid:random). */
  holder: string;
  startedMs: number;
  /** Null while running. */
  endedMs: number | null;
  outcome: JobOutcome | 'running';
  counts: Record<string, number>;
  /** Why a run was skipped (e.g. `lease_held`), null otherwise. */
  reason: string | null;
  error: string | null;
}

/** Per job: its latest run, its latest success and its first run (for stalled detection). */
export interface JobHistory {
  job: string;
  lastRun: JobRunRecord | null;
  lastSuccessMs: number | null;
  firstRunMs: number | null;
  runs: number;
}

export interface JobStore {
  startRun(run: { id: string; job: string; holder: string; startedMs: number }): Promise<void>;
  finishRun(id: string, end: { endedMs: number; outcome: JobOutcome; counts: Record<string, number>; reason: string | null; error: string | null }): Promise<void>;
  /** History of every job that ever ran. */
  histories(): Promise<JobHistory[]>;
  /** Recent runs of one job, newest first. */
  recentRuns(job: string, limit: number): Promise<JobRunRecord[]>;
  /** Takes lease `name` for `holder` until nowMs + ttlMs when free, expired, or already ours; true when taken. */
  claimLease(name: string, holder: string, nowMs: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
}
