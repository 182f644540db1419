/** Builds JobDeps from an open database (the service and `tracegate jobs run` share this). */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../src/app/logger.js';
import type { ScoringSettings } from '../src/app/scoring/scoringSettings.js';
import type { ScoredHook } from '../src/app/scoring/scoreTraces.js';
import type { Database } from '../src/store/openDatabase.js';
import type { JobDeps } from './jobTypes.js';
import { JudgeClient } from '../src/app/scoring/judge/JudgeClient.js';

/** host:pid:random, unique per process. */
export const newHolderId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export function createJobDeps(db: Database, settings: ScoringSettings, logger: Logger, onScored: ScoredHook[] = []): JobDeps {
  const j = settings.judge;
  const judgeClient = j ? new JudgeClient({ baseUrl: j.baseUrl, apiKey: j.apiKey, timeoutMs: j.timeoutMs, maxRetries: j.maxRetries, concurrency: j.concurrency }) : null;
  return { spans: db.spans, jobs: db.jobs, scoring: db.scoring, judge: db.judge, judgeClient, settings, logger, holder: newHolderId(), onScored };
}
