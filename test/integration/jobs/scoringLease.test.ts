/** Saving scores on a real database: a result is kept only while its saver still holds the lease, in batches larger than one write group. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraces } from '../../../collectors/index.js';
import { toSpanRows } from '../../../src/app/ingest/toSpanRows.js';
import { computeTraceFacts } from '../../../src/domain/facts/index.js';
import { scoreTrace } from '../../../src/domain/scoring/scoreTrace.js';
import { DEFAULT_SCORER_CONFIG } from '../../../src/domain/scoring/scoringConfig.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { buildTemplates, stamp } from '../../../bench/support/otlpTemplates.js';
import { postgresTestUrl } from '../../support/startTestServer.js';

const targets = [
  { name: 'sqlite', url: () => `file:${join(mkdtempSync(join(tmpdir(), 'tracegate-lease-')), 'db.sqlite')}` },
  { name: 'postgres', url: () => postgresTestUrl(`lease_${process.pid}_${Date.now()}`) },
];

describe.each(targets)('saving scores on $name', ({ url }) => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase(url());
    const projectId = (await db.control.createProject('lease')).id;
    const templates = buildTemplates(2, 64);
    for (let n = 1; n <= 12; n++) {
      const decoded = decodeTraces(stamp(templates[n % templates.length]!, n), 'protobuf');
      if (!decoded.ok) throw new Error('template did not decode');
      await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
    }
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps only the results of the current lease holder and writes every score row', async () => {
    const far = Date.now() + 60_000;
    const a = await db.scoring.claimTraces({ holder: 'a', nowMs: far, quietCutoffMs: far, leaseMs: 1000, limit: 1000 });
    expect(a.length).toBeGreaterThan(64);
    // a's lease expires; b takes over half of the traces.
    const b = await db.scoring.claimTraces({ holder: 'b', nowMs: far + 2000, quietCutoffMs: far, leaseMs: 60_000, limit: Math.floor(a.length / 2) });
    const loaded = await db.scoring.loadTraces(a);
    expect(loaded).toHaveLength(a.length);
    const results = loaded.map(({ trace, spans }) => ({
      projectId: trace.projectId, traceId: trace.traceId, traceUpdatedMs: trace.updatedMs, scoredMs: far, scoring: scoreTrace({ trace, spans }, DEFAULT_SCORER_CONFIG),
    }));
    expect(await db.scoring.saveScoring('a', results)).toBe(a.length - b.length);
    const bKeys = new Set(b.map((k) => k.traceId));
    expect(await db.scoring.saveScoring('b', results.filter((r) => bKeys.has(r.traceId)))).toBe(b.length);
    const counts = await db.scoring.scoreCounts();
    expect(counts.size).toBe(a.length);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const r of results.slice(0, 3)) {
      const view = await db.scoring.getScoring(r.projectId, r.traceId);
      expect(view.status).toBe('scored');
      expect(view.flags).toEqual(r.scoring.flags);
      expect(view.scores.map((s) => s.name).sort()).toEqual(r.scoring.scores.map((s) => s.name).sort());
    }
  });

  it('replaces the deterministic scores of a re-scored trace and keeps its judge scores', async () => {
    const far = Date.now() + 120_000;
    const [key] = await db.sql.all<{ projectId: string; traceId: string }>('SELECT project_id AS "projectId", trace_id AS "traceId" FROM trace_scoring ORDER BY trace_id LIMIT 1');
    await db.judge.setJudgeStatus(key!, 'judged', null, [{ name: 'judge:helpful', version: 1, value: 0.8, label: 'good', reason: 'r' }], far);
    // Late spans re-open the trace; this time one scorer is gone and another is new.
    await db.sql.run('UPDATE traces SET updated_ms = ? WHERE project_id = ? AND trace_id = ?', [far - 1000, key!.projectId, key!.traceId]);
    const claimed = await db.scoring.claimTraces({ holder: 'c', nowMs: far, quietCutoffMs: far, leaseMs: 60_000, limit: 1000 });
    expect(claimed).toEqual([key]);
    const scoring = { action: 'answer' as const, actionSource: 'classifier' as const, actionReason: 'x', flags: [], scores: [{ name: 'fresh', version: 1, value: 1, label: 'ok', reason: null }] };
    expect(await db.scoring.saveScoring('c', [{ ...key!, traceUpdatedMs: far - 1000, scoredMs: far, scoring }])).toBe(1);
    const view = await db.scoring.getScoring(key!.projectId, key!.traceId);
    expect(view.scores.map((s) => s.name).sort()).toEqual(['fresh', 'judge:helpful']);
    expect((await db.scoring.scoreCounts()).get(key!.traceId)).toBe(2);
  });
});
