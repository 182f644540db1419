/**
 * Runs the LLM judge on a deterministic, stratified, budget-bounded sample of scored traces; calibrated
 * judges' scores join the canary windows (the judgeScore metric).
 */
import { judgeWindowsHook } from '../src/app/canary/judgeWindowsHook.js';
import { judgeTraces } from '../src/app/scoring/judge/judgeTraces.js';
import type { Job } from './jobTypes.js';

export const judgeJob: Job = {
  name: 'judge',
  schedule: '30 * * * * *',
  summary: 'LLM judge on a stratified sample of scored traces (skipped unless TRACEGATE_JUDGE_* is set)',
  // One process judges at a time: the budgets are counted before the calls.
  exclusive: true,
  leaseMs: 15 * 60_000,
  async run(deps, now) {
    const settings = deps.settings.judge;
    if (!settings || !deps.judgeClient) return { outcome: 'skipped', reason: 'judge_not_configured' };
    const counts = await judgeTraces(
      { judge: deps.judge, scoring: deps.scoring, settings, client: deps.judgeClient, logger: deps.logger, oversampleReleases: deps.judgeOversampleReleases,
        onJudged: judgeWindowsHook(deps.canary, deps.judge, deps.settings.calibration) },
      now.getTime(),
    );
    return { outcome: 'success', counts: { ...counts } };
  },
};
