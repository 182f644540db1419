/** The shape of a scheduled job and what the runner gives it (STYLE.md section 5). */
import type { Logger } from '../src/app/logger.js';
import type { JobStore } from '../src/app/jobs/jobPorts.js';
import type { SpanStore } from '../src/app/ports.js';
import type { ScoringStore } from '../src/app/scoring/scoringPorts.js';
import type { ScoringSettings } from '../src/app/scoring/scoringSettings.js';
import type { ScoredHook } from '../src/app/scoring/scoreTraces.js';
import type { JudgeClient } from '../src/app/scoring/judge/JudgeClient.js';
import type { JudgeStore } from '../src/app/scoring/judge/judgePorts.js';
import type { AlertStorePort } from '../src/app/alerts/alertPorts.js';
import type { CanaryStorePort } from '../src/app/canary/canaryPorts.js';
import type { AlertsConfig } from '../src/domain/alerts/alertsConfig.js';
import type { Policy } from '../src/domain/canary/policy.js';
import type { ReviewDeps } from '../src/app/review/ReviewDeps.js';

/** Everything a job may use; the composition root (src/main.ts or the CLI) builds it once. */
export interface JobDeps {
  spans: SpanStore;
  jobs: JobStore;
  scoring: ScoringStore;
  settings: ScoringSettings;
  judge: JudgeStore;
  /** The judge endpoint client, null when no judge is configured. */
  judgeClient: JudgeClient | null;
  /** Releases whose canary arms still need judged traces (the canary use-case may set it). */
  judgeOversampleReleases?: () => Promise<ReadonlySet<string>>;
  logger: Logger;
  /** This process (host:pid:random): lease holder and run owner. */
  holder: string;
  /** Called after traces are scored (canary summaries etc. subscribe here). */
  onScored: ScoredHook[];
  /** Canaries, looks, cohort windows and drift states. */
  canary: CanaryStorePort;
  /** Alert states, outbox and channel health. */
  alerts: AlertStorePort;
  /** Alert rules and channels (TRACEGATE_ALERTS_FILE); no channels when unset. */
  alertsConfig: AlertsConfig;
  /** Base URL of trace links in alerts (TRACEGATE_PUBLIC_URL). */
  publicUrl: string;
  /** Policy of detected canaries and of the drift job (TRACEGATE_CANARY_POLICY_FILE; DEFAULT_POLICY when unset). */
  canaryPolicy: Policy;
  /** The review queue (worst traces of a failing canary are flagged into it). */
  review: Pick<ReviewDeps, 'spans' | 'promotion' | 'now'>;
}

/** What a run reports: success with counts, or skipped with a reason (throw for failure). */
export type JobResult =
  | { outcome: 'success'; counts?: Record<string, number> }
  | { outcome: 'skipped'; reason: string; counts?: Record<string, number> };

/** A scheduled job: one file per job in jobs/, listed in jobs/index.ts. */
export interface Job {
  name: string;
  /** Default node-cron schedule (5 fields, or 6 with seconds); TRACEGATE_JOB_SCHEDULE_<NAME> overrides it. */
  schedule: string;
  /** One-line description for `tracegate jobs list`. */
  summary: string;
  /**
   * When true the runner holds the lease `job:<name>` for the run, so one process at a time runs it
   * (others record `skipped`, reason `lease_held`). Jobs that claim their own work (score) leave it off.
   */
  exclusive?: boolean;
  /** How long the exclusive lease lasts before another process may take it over (ms, default 10 min). */
  leaseMs?: number;
  run(deps: JobDeps, now: Date): Promise<JobResult>;
}
