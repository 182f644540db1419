/** Builds JobDeps from an open database (the service and `tracegate jobs run` share this). */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../src/app/logger.js';
import type { ScoringSettings } from '../src/app/scoring/scoringSettings.js';
import type { ScoredHook } from '../src/app/scoring/scoreTraces.js';
import type { Database } from '../src/store/openDatabase.js';
import type { JobDeps } from './jobTypes.js';
import { flagScoredTracesHook } from '../src/app/review/flagScoredTraces.js';
import { withJudgeFlags } from '../src/app/review/withJudgeFlags.js';
import { JudgeClient } from '../src/app/scoring/judge/JudgeClient.js';
import { cohortWindowsHook } from '../src/app/canary/cohortWindowsHook.js';
import { loadAlertsConfig } from '../src/app/alerts/loadAlertsConfig.js';
import type { AlertsConfig } from '../src/domain/alerts/alertsConfig.js';
import { CANARY_POLICY_ENV, loadCanaryPolicy } from '../src/app/canary/loadCanaryPolicy.js';
import type { Policy } from '../src/domain/canary/policy.js';

/**
 * Alerting and canary settings from the environment: TRACEGATE_ALERTS_FILE and TRACEGATE_CANARY_POLICY_FILE
 * (validated; each throws naming the variable and the field) and TRACEGATE_PUBLIC_URL.
 */
export function loadAlertSettings(env: NodeJS.ProcessEnv): { alertsConfig: AlertsConfig; publicUrl: string; canaryPolicy: Policy } {
  const publicUrl = (env.TRACEGATE_PUBLIC_URL ?? '').trim() || `http://127.0.0.1:${env.TRACEGATE_PORT ?? '4318'}`;
  if (!/^https?:\/\/[^\s]+$/.test(publicUrl)) throw new Error(`TRACEGATE_PUBLIC_URL: expected an http(s) URL, got ${JSON.stringify(publicUrl)}`);
  return {
    alertsConfig: loadAlertsConfig(env.TRACEGATE_ALERTS_FILE?.trim() || undefined), publicUrl: publicUrl.replace(/\/+$/, ''),
    canaryPolicy: loadCanaryPolicy(env[CANARY_POLICY_ENV]?.trim() || undefined),
  };
}

/** host:pid:random, unique per process. */
export const newHolderId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export function createJobDeps(db: Database, settings: ScoringSettings, logger: Logger, onScored: ScoredHook[] = [], alerting = loadAlertSettings(process.env)): JobDeps {
  const j = settings.judge;
  const judgeClient = j ? new JudgeClient({ baseUrl: j.baseUrl, apiKey: j.apiKey, timeoutMs: j.timeoutMs, maxRetries: j.maxRetries, concurrency: j.concurrency }) : null;
  // Scorer results that mean "possible failure" become review flags (docs/promotion.md).
  const review = { spans: db.spans, promotion: db.promotion, now: () => new Date() };
  const flagHook = flagScoredTracesHook(review);
  // Failing judge verdicts become review flags too.
  const judge = withJudgeFlags(db.judge, (j?.rubrics ?? []).map((r) => ({ id: r.id, pass: r.output.pass })), review, logger);
  return {
    spans: db.spans, jobs: db.jobs, scoring: db.scoring, judge, judgeClient, settings, logger, holder: newHolderId(),
    onScored: [cohortWindowsHook(db.canary, db.spans), ...onScored, flagHook],
    canary: db.canary, alerts: db.alerts, review, ...alerting,
  };
}
