/** Builds JobDeps from an open database (the service and `tracegate jobs run` share this). */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../src/app/logger.js';
import type { ScoringSettings } from '../src/app/scoring/scoringSettings.js';
import type { ScoredHook } from '../src/app/scoring/scoreTraces.js';
import type { Database } from '../src/store/openDatabase.js';
import type { JobDeps } from './jobTypes.js';

/** host:pid:random, unique per process. */
export const newHolderId = () => `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;

export function createJobDeps(db: Database, settings: ScoringSettings, logger: Logger, onScored: ScoredHook[] = []): JobDeps {
  return { spans: db.spans, jobs: db.jobs, scoring: db.scoring, settings, logger, holder: newHolderId(), onScored };
}
