/** Scores every complete trace (no span for the quiet period) with the deterministic scorers. */
import { scoreTraces } from '../src/app/scoring/scoreTraces.js';
import type { Job } from './jobTypes.js';

export const scoreJob: Job = {
  name: 'score',
  schedule: '*/15 * * * * *',
  summary: 'score complete traces: action, tool errors, budgets, groundedness, format, PII',
  async run(deps, now) {
    const counts = await scoreTraces(deps, now.getTime());
    return { outcome: 'success', counts: { ...counts } };
  },
};
