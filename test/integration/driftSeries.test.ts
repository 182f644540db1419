/**
 * The drift window history and GET /api/drift/series' reads on SQLite and PostgreSQL: each judged window
 * is kept once (judging it again replaces it), series come back per metric in time order with the
 * traffic per window, and a quiet service is reported as not having enough traffic.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WindowedTrace } from '../../src/app/canary/canaryPorts.js';
import { recordScoredTraces } from '../../src/app/canary/cohortWindows.js';
import { evaluateDrift } from '../../src/app/canary/evaluateDrift.js';
import { loadDriftSeries } from '../../src/app/canary/loadDriftSeries.js';
import { seededRandom } from '../../src/domain/stats/seededRandom.js';
import { openDatabase, type Database } from '../../src/store/openDatabase.js';
import { obs } from '../unit/canary/helpers.js';

const PG_URL = process.env.TRACEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 2, 0);

function hour(service: string, h: number, n: number, refusal: number, rnd: () => number): WindowedTrace[] {
  return Array.from({ length: n }, (_, i) => ({
    traceId: `${service}-${h}-${i}`, service, environment: 'prod', startMs: T0 + h * HOUR + (i / n) * HOUR, cohorts: { 'service.version': 'v1' },
    observation: obs({ refused: rnd() < refusal, latencyMs: 900 + 200 * rnd() }), categories: { finishClass: ['stop'], tool: [], model: ['m'], errorType: [] },
  }));
}

const targets: Array<[string, () => Promise<{ db: Database; close: () => Promise<void> }>]> = [
  ['sqlite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-drift-series-'));
    const db = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
    return { db, close: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }],
  ['postgres', async () => {
    const schema = `drift_series_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 1 });
    await pool.query(`CREATE SCHEMA "${schema}"`);
    const url = new URL(PG_URL);
    url.searchParams.set('schema', schema);
    const db = await openDatabase(url.toString());
    return { db, close: async () => { await db.close(); await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`); await pool.end(); } };
  }],
];

describe.each(targets)('drift series (%s)', (_name, open) => {
  let t: { db: Database; close: () => Promise<void> };
  beforeAll(async () => {
    t = await open();
    const rnd = seededRandom(5);
    const traces: WindowedTrace[] = [];
    for (let h = 0; h < 30; h += 1) traces.push(...hour('shop', h, 150, h >= 27 ? 0.25 : 0.05, rnd));
    traces.push(...hour('quiet', 29, 20, 0.05, rnd));
    await recordScoredTraces(t.db.canary, 'p1', traces, T0);
    for (let h = 25; h <= 30; h += 1) await evaluateDrift(t.db.canary, T0 + h * HOUR + 60_000);
    // the same window again (a second replica, a rerun): skipped by the job, and a replayed save replaces its row
    await evaluateDrift(t.db.canary, T0 + 30 * HOUR + 120_000);
    const latest = await t.db.canary.listDrift('p1');
    await t.db.canary.saveDrift(latest.map((r) => ({ ...r, windowStartMs: JSON.parse(r.state).windowStartMs as number })));
  }, 240_000);
  afterAll(async () => t?.close());

  it('keeps one row per judged window and metric, in time order, with the traffic per window', async () => {
    const s = await loadDriftSeries(t.db.canary, { projectId: 'p1', service: null, environment: null, windows: 48, nowMs: T0 + 30 * HOUR + 600_000 });
    const shop = s.groups.find((g) => g.service === 'shop')!;
    const refusal = shop.metrics.find((m) => m.metric === 'refusal')!;
    expect(refusal.points.map((p) => p.windowStart)).toEqual([24, 25, 26, 27, 28, 29].map((h) => new Date(T0 + h * HOUR).toISOString()));
    expect(refusal.points.at(-1)!.value).toBeGreaterThan(0.15);
    expect(refusal.points.at(-1)!.cusum).toBeGreaterThan(refusal.points[0]!.cusum!);
    expect(refusal.status).toBe('DRIFT');
    expect(shop).toMatchObject({ enoughTraffic: true, latest: { traces: 150, referenceTraces: 150 * 29 } });
    expect(shop.metrics[0]!.metric).toBe('error'); // critical rates first, mixes last
    expect(shop.metrics.at(-1)!.metric.startsWith('mix:')).toBe(true);
    const quiet = s.groups.find((g) => g.service === 'quiet')!;
    expect(quiet).toMatchObject({ enoughTraffic: false, latest: { traces: 20 } });
    expect(new Set(quiet.metrics.find((m) => m.metric === 'refusal')!.points.map((p) => p.status))).toEqual(new Set(['NODATA']));
  });

  it('filters by service and window count, and never reads another project', async () => {
    const s = await loadDriftSeries(t.db.canary, { projectId: 'p1', service: 'shop', environment: 'prod', windows: 2, nowMs: T0 + 30 * HOUR + 600_000 });
    expect(s.groups.map((g) => g.service)).toEqual(['shop']);
    expect(s.groups[0]!.metrics.find((m) => m.metric === 'refusal')!.points).toHaveLength(2);
    expect((await loadDriftSeries(t.db.canary, { projectId: 'p2', service: null, environment: null, windows: 48, nowMs: T0 + 30 * HOUR })).groups).toEqual([]);
  });
});
