/** Judges the last complete drift window of every service and environment against its reference. */
import { evaluateDrift } from '../src/app/canary/evaluateDrift.js';
import type { Job } from './jobTypes.js';

export const driftJob: Job = {
  name: 'drift',
  schedule: '0 */5 * * * *',
  summary: 'drift per service, environment and metric: last complete window vs the reference (last promoted release, or rolling)',
  exclusive: true,
  async run(deps, now) {
    return { outcome: 'success', counts: await evaluateDrift(deps.canary, now.getTime(), deps.canaryPolicy) };
  },
};
