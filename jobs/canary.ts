/** Detects canaries and takes the next look of every active canary whose policy interval has passed. */
import { runCanaryLook } from '../src/app/canary/evaluateCanary.js';
import { detectCanaries, retireIdleCanaries } from '../src/app/canary/manageCanaries.js';
import { parseStoredPolicy } from '../src/app/canary/evaluateCanary.js';
import type { Job } from './jobTypes.js';

export const canaryJob: Job = {
  name: 'canary',
  schedule: '*/30 * * * * *',
  summary: 'detect canaries (two releases of one service and environment), stop those whose canary release has no traffic for an hour, and evaluate active canaries at their policy interval',
  exclusive: true,
  async run(deps, now) {
    const nowMs = now.getTime();
    const retired = await retireIdleCanaries(deps.canary, nowMs);
    const detected = await detectCanaries(deps.canary, nowMs);
    const counts = { detected: detected.length, retired: retired.length, evaluated: 0, fail: 0, pass: 0, notDue: 0 };
    for (const c of await deps.canary.listCanaries({ status: 'active' })) {
      const every = parseStoredPolicy(c.policy).canary.evaluateEveryMs;
      if (c.lastEvaluatedMs !== null && nowMs - c.lastEvaluatedMs < every) { counts.notDue += 1; continue; }
      const look = await runCanaryLook(deps.canary, c, nowMs);
      if (!look.saved) continue;
      counts.evaluated += 1;
      if (look.decision.verdict === 'FAIL') counts.fail += 1;
      if (look.decision.verdict === 'PASS') counts.pass += 1;
      deps.logger.info('canary look', { canary: c.id, look: c.looks + 1, verdict: look.decision.verdict, reason: look.decision.reason });
    }
    return { outcome: 'success', counts };
  },
};
