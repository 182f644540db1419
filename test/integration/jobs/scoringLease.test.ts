/** Saving scores on a real database: a result is kept only while its saver still holds the lease, in batches larger than one write group. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreTrace } from '../../../src/domain/scoring/scoreTrace.js';
import { DEFAULT_SCORER_CONFIG } from '../../../src/domain/scoring/scoringConfig.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { writeTemplateTraces } from '../../support/writeTemplateTraces.js';
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
    await writeTemplateTraces(db, projectId, 12);
  });
  afterAll(async () => {
    await db.close();
  });

  it('keeps only the results of the current lease holder and keeps every score', async () => {
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
    await db.sql.run('UPDATE traces SET updated_ms = ?, score_pending = TRUE WHERE project_id = ? AND trace_id = ?', [far - 1000, key!.projectId, key!.traceId]);
    const claimed = await db.scoring.claimTraces({ holder: 'c', nowMs: far, quietCutoffMs: far, leaseMs: 60_000, limit: 1000 });
    expect(claimed).toEqual([key]);
    const scoring = { action: 'answer' as const, actionSource: 'classifier' as const, actionReason: 'x', flags: [], scores: [{ name: 'fresh', version: 1, value: 1, label: 'ok', reason: null }] };
    expect(await db.scoring.saveScoring('c', [{ ...key!, traceUpdatedMs: far - 1000, scoredMs: far, scoring }])).toBe(1);
    const view = await db.scoring.getScoring(key!.projectId, key!.traceId);
    expect(view.scores.map((s) => s.name).sort()).toEqual(['fresh', 'judge:helpful']);
    expect((await db.scoring.scoreCounts()).get(key!.traceId)).toBe(2);
  });

  it('reads the score rows of a trace scored before the scores column, and replaces them when it is scored again', async () => {
    const far = Date.now() + 180_000;
    const [key] = await db.sql.all<{ projectId: string; traceId: string }>('SELECT project_id AS "projectId", trace_id AS "traceId" FROM trace_scoring ORDER BY trace_id DESC LIMIT 1');
    // The layout of earlier releases: no scores column value, one trace_scores row per deterministic scorer.
    await db.sql.run('UPDATE trace_scoring SET scores = NULL WHERE project_id = ? AND trace_id = ?', [key!.projectId, key!.traceId]);
    await db.sql.run('DELETE FROM trace_scores WHERE project_id = ? AND trace_id = ?', [key!.projectId, key!.traceId]);
    for (const [name, value] of [['pii', 0], ['action', 0.1 + 0.2]] as const) {
      await db.sql.run('INSERT INTO trace_scores (project_id, trace_id, name, version, value, label, reason) VALUES (?, ?, ?, 1, ?, ?, NULL)', [key!.projectId, key!.traceId, name, value, `old-${name}`]);
    }
    const legacy = await db.scoring.getScoring(key!.projectId, key!.traceId);
    expect(legacy.scores.map((s) => [s.name, s.label, s.value])).toEqual([['action', 'old-action', 0.1 + 0.2], ['pii', 'old-pii', 0]]);
    await db.sql.run('UPDATE traces SET updated_ms = ?, score_pending = TRUE WHERE project_id = ? AND trace_id = ?', [far - 1000, key!.projectId, key!.traceId]);
    expect(await db.scoring.claimTraces({ holder: 'd', nowMs: far, quietCutoffMs: far, leaseMs: 60_000, limit: 1000 })).toEqual([key]);
    const scoring = { action: 'answer' as const, actionSource: 'classifier' as const, actionReason: 'x', flags: [], scores: [{ name: 'action', version: 4, value: 1 / 3, label: 'answer', reason: 'r' }] };
    expect(await db.scoring.saveScoring('d', [{ ...key!, traceUpdatedMs: far - 1000, scoredMs: far, scoring }])).toBe(1);
    const view = await db.scoring.getScoring(key!.projectId, key!.traceId);
    expect(view.scores).toEqual([{ name: 'action', version: 4, value: 1 / 3, label: 'answer', reason: 'r' }]);
    const rows = await db.sql.all<{ n: number }>('SELECT count(*) AS n FROM trace_scores WHERE project_id = ? AND trace_id = ?', [key!.projectId, key!.traceId]);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});
