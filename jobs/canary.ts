/** Detects canaries, ends runs whose release stopped receiving traffic, and evaluates active canaries at their policy interval. */
import { runCanaryPass } from '../src/app/canary/runCanaryPass.js';
import type { Job } from './jobTypes.js';

export const canaryJob: Job = {
  name: 'canary',
  schedule: '*/30 * * * * *',
  summary: 'detect canaries (two releases of one service and environment), end runs whose canary or baseline release stopped receiving traffic, evaluate active canaries at their policy interval, flag the worst traces of a failing canary for review',
  exclusive: true,
  async run(deps, now) {
    const counts = await runCanaryPass({ store: deps.canary, review: deps.review, policy: deps.canaryPolicy, logger: deps.logger }, now.getTime());
    return { outcome: 'success', counts };
  },
};
