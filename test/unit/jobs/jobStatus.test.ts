import { describe, expect, it } from 'vitest';
import { computeCronIntervalMs, parseCron } from '../../../jobs/cronInterval.js';
import { toJobStatus } from '../../../jobs/jobStatus.js';
import type { JobHistory } from '../../../src/app/jobs/jobPorts.js';

const T0 = Date.parse('2026-12-01T10:00:00Z');

describe('computeCronIntervalMs', () => {
  it.each([
    { name: 'every 15 seconds', expr: '*/15 * * * * *', ms: 15_000 },
    { name: 'every second', expr: '* * * * * *', ms: 1000 },
    { name: 'every minute (5 fields)', expr: '* * * * *', ms: 60_000 },
    { name: 'every 5 minutes', expr: '*/5 * * * *', ms: 300_000 },
    { name: 'hourly at :07', expr: '7 * * * *', ms: 3_600_000 },
    { name: 'daily at 03:00', expr: '0 3 * * *', ms: 86_400_000 },
    { name: 'lists take the largest gap', expr: '0,10 * * * *', ms: 50 * 60_000 },
  ])('$name', ({ expr, ms }) => {
    expect(computeCronIntervalMs(expr, T0)).toBe(ms);
  });
  it('rejects what it does not understand', () => {
    expect(parseCron('every minute')).toBeNull();
    expect(parseCron('61 * * * *')).toBeNull();
    expect(computeCronIntervalMs('* * *', T0)).toBeNull();
  });
});

const history = (h: Partial<JobHistory>): JobHistory => ({ job: 'score', lastRun: null, lastSuccessMs: null, firstRunMs: null, runs: 0, ...h });
const job = { name: 'score', schedule: '*/15 * * * * *', summary: 's' };

describe('toJobStatus stalled detection', () => {
  it.each([
    { name: 'never ran: not stalled', h: undefined, now: T0, stalled: false },
    { name: 'success 30 s ago (2 intervals): fine', h: history({ lastSuccessMs: T0 - 30_000, firstRunMs: T0 - 600_000, runs: 3 }), now: T0, stalled: false },
    { name: 'success 46 s ago (> 3 intervals): stalled', h: history({ lastSuccessMs: T0 - 46_000, firstRunMs: T0 - 600_000, runs: 3 }), now: T0, stalled: true },
    { name: 'only failures since 60 s: stalled', h: history({ lastSuccessMs: null, firstRunMs: T0 - 60_000, runs: 4 }), now: T0, stalled: true },
    { name: 'only failures since 10 s: not yet', h: history({ lastSuccessMs: null, firstRunMs: T0 - 10_000, runs: 1 }), now: T0, stalled: false },
  ])('$name', ({ h, now, stalled }) => {
    const s = toJobStatus(job, h, now);
    expect(s.stalled).toBe(stalled);
    expect(s.intervalMs).toBe(15_000);
    if (h?.lastSuccessMs) expect(s.lagMs).toBe(now - h.lastSuccessMs);
  });
});
