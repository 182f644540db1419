/**
 * One pass of the canary job: stop idle canaries, detect new ones, take the due looks. A look whose run
 * turns FAIL flags the worst canary traces for review (once per canary: FAIL latches within a run); a look
 * that finds an arm's release no longer receiving traffic ends the run (its alert resolves), and the pass
 * then detects again, so a release that replaced the canary gets its own canary at once.
 */
import type { Policy } from '../../domain/canary/policy.js';
import type { Logger } from '../logger.js';
import type { ReviewDeps } from '../review/ReviewDeps.js';
import type { CanaryRecord, CanaryStorePort } from './canaryPorts.js';
import { parseStoredPolicy, runCanaryLook } from './evaluateCanary.js';
import { flagFailingCanary, type CanaryFlagCounts } from './flagFailingCanary.js';
import { detectCanaries, retireIdleCanaries } from './manageCanaries.js';

/** What a pass needs: the store, the review queue, the policy of detected canaries, a logger. */
export interface CanaryPassDeps {
  store: CanaryStorePort;
  review: Pick<ReviewDeps, 'spans' | 'promotion' | 'now'>;
  policy: Policy;
  logger: Logger;
}

/** Counts of one pass. */
export interface CanaryPassCounts {
  detected: number;
  retired: number;
  ended: number;
  evaluated: number;
  fail: number;
  pass: number;
  notDue: number;
  flagged: number;
  [k: string]: number;
}

/** Runs one pass at nowMs. */
export async function runCanaryPass(deps: CanaryPassDeps, nowMs: number): Promise<CanaryPassCounts> {
  const counts: CanaryPassCounts = { detected: 0, retired: 0, ended: 0, evaluated: 0, fail: 0, pass: 0, notDue: 0, flagged: 0 };
  counts.retired = (await retireIdleCanaries(deps.store, nowMs)).length;
  const looked = new Set<string>();
  // A second round only when a run ended: its replacement is detected and looked at in the same pass.
  for (let round = 0; round < 2; round += 1) {
    counts.detected += (await detectCanaries(deps.store, nowMs, deps.policy)).length;
    const endedBefore = counts.ended;
    for (const c of await deps.store.listCanaries({ status: 'active' })) {
      if (looked.has(c.id)) continue;
      looked.add(c.id);
      await lookAt(deps, c, nowMs, counts);
    }
    if (counts.ended === endedBefore) break;
  }
  return counts;
}

async function lookAt(deps: CanaryPassDeps, c: CanaryRecord, nowMs: number, counts: CanaryPassCounts): Promise<void> {
  const every = parseStoredPolicy(c.policy).canary.evaluateEveryMs;
  if (c.lastEvaluatedMs !== null && nowMs - c.lastEvaluatedMs < every) { counts.notDue += 1; return; }
  // FAIL latches within a run, so the look that turns it FAIL comes once per canary. Its worst traces are
  // flagged (idempotently) before that look is saved: if the process dies in between, the run is not FAIL
  // yet, and the next look turns it FAIL and flags them again (finding them flagged).
  let flags = null as CanaryFlagCounts | null;
  const look = await runCanaryLook(deps.store, c, nowMs, async (l) => {
    if (l.decision.verdict === 'FAIL' && c.verdict !== 'FAIL') flags = await flagFailingCanary(deps.review, c, l.result, l.worst, c.looks + 1);
  });
  if (!look.saved) return;
  counts.evaluated += 1;
  const verdict = look.decision.verdict;
  if (verdict === 'FAIL') counts.fail += 1;
  if (verdict === 'PASS') counts.pass += 1;
  deps.logger.info('canary look', { canary: c.id, look: c.looks + 1, verdict, reason: look.decision.reason });
  if (flags !== null) {
    counts.flagged += flags.flagged;
    deps.logger.info('canary failed: worst traces flagged for review', { canary: c.id, ...flags });
  }
  if (look.traffic.ended && (await deps.store.stopCanary(c.id, nowMs))) {
    counts.ended += 1;
    deps.logger.info('canary run ended', { canary: c.id, reason: look.traffic.reason });
  }
}
