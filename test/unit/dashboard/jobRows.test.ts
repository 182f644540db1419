/** The datasets page's jobs table (dashboards/web/src/pages/datasets/jobRows.ts): a job's last run reads as a line, never as raw JSON. */
import { describe, expect, it } from 'vitest';
import { jobRows, lastRunText } from '../../../dashboards/web/src/pages/datasets/jobRows.js';

describe('jobs table rows', () => {
  it('a successful run reads as outcome, time, duration and counts', () => {
    const run = { startedAt: '2026-12-07T00:54:11.000Z', endedAt: '2026-12-07T00:54:12.200Z', outcome: 'success', counts: { scored: 40, claimed: 40 }, reason: null, error: null };
    expect(lastRunText(run)).toBe('success at 2026-12-07 00:54:11Z in 1.20 s: scored 40, claimed 40');
  });

  it('a failed run shows its error, a skipped one its reason, and none says so', () => {
    expect(lastRunText({ startedAt: '2026-12-07T00:00:00.000Z', endedAt: '2026-12-07T00:00:00.050Z', outcome: 'failed', counts: {}, error: 'database is locked', reason: null }))
      .toBe('failed at 2026-12-07 00:00:00Z in 50 ms: database is locked');
    expect(lastRunText({ startedAt: '2026-12-07T00:00:00.000Z', endedAt: null, outcome: 'skipped', counts: {}, reason: 'lease_held', error: null })).toBe('skipped at 2026-12-07 00:00:00Z: lease_held');
    expect(lastRunText(null)).toBe('never ran');
  });

  it('one row per job with every column a string or number (no object is rendered as JSON)', () => {
    const rows = jobRows([
      { name: 'score', schedule: '*/15 * * * * *', lastRun: { startedAt: '2026-12-07T00:54:11.000Z', endedAt: '2026-12-07T00:54:11.300Z', outcome: 'success', counts: { scored: 3 } }, lastSuccessAt: '2026-12-07T00:54:11.300Z', lagMs: 4200, runs: 7, stalled: false },
      { name: 'judge', schedule: '30 * * * * *', lastRun: null, lastSuccessAt: null, lagMs: null, runs: 0, stalled: true },
    ]);
    expect(rows).toEqual([
      { job: 'score', schedule: '*/15 * * * * *', 'last run': 'success at 2026-12-07 00:54:11Z in 300 ms: scored 3', 'last success': '2026-12-07 00:54:11Z', lag: '4.20 s', runs: 7, stalled: 'no' },
      { job: 'judge', schedule: '30 * * * * *', 'last run': 'never ran', 'last success': '–', lag: '–', runs: 0, stalled: 'STALLED' },
    ]);
  });
});
