/**
 * GET /api/judges answers per project: a judge's calls, cost and agreement come from the caller's project
 * only, on SQLite and PostgreSQL (labels are per project, so calibration is too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listJudges } from '../../src/app/scoring/judge/listJudges.js';
import { openDatabase, type Database } from '../../src/store/openDatabase.js';
import { postgresContractTarget } from './postgresContractTarget.js';
import { sqliteContractTarget } from './sqliteContractTarget.js';

const CALIBRATION = { minKappa: 0.6, minLabels: 2 };

const call = (projectId: string, traceId: string, label: string, costUsd: number) => ({
  id: `${projectId}-${traceId}`, projectId, traceId, model: 'judge-m', rubricId: 'quality', rubricVersion: 1, promptHash: 'h', score: null,
  label, explanation: null, inputTokens: 10, outputTokens: 5, costUsd, latencyMs: 20, error: null, createdMs: 1_000,
});

for (const [name, target] of [['SQLite', () => sqliteContractTarget()], ['PostgreSQL', () => postgresContractTarget('judge_scope')]] as const) {
  describe(`judge agreement is scoped by project (${name})`, () => {
    let db: Database;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      const t = await target();
      cleanup = t.cleanup;
      db = await openDatabase(t.databaseUrl);
    });
    afterAll(async () => {
      await db?.close();
      await cleanup?.();
    });

    it('counts only the caller project\'s calls and labels', async () => {
      // Project a: the judge agrees with its humans on both traces. Project b: it disagrees on all three.
      for (const [p, t, l] of [['a', 't1', 'good'], ['a', 't2', 'bad'], ['b', 't1', 'good'], ['b', 't2', 'good'], ['b', 't3', 'bad']] as const) {
        await db.judge.saveJudgeCall(call(p, t, l, p === 'a' ? 0.01 : 0.5));
      }
      await db.judge.saveLabels([
        { projectId: 'a', traceId: 't1', rubricId: 'quality', label: 'good', labeller: 'ann', comment: null, createdMs: 2_000 },
        { projectId: 'a', traceId: 't2', rubricId: 'quality', label: 'bad', labeller: 'ann', comment: null, createdMs: 2_000 },
        { projectId: 'b', traceId: 't1', rubricId: 'quality', label: 'bad', labeller: 'bob', comment: null, createdMs: 2_000 },
        { projectId: 'b', traceId: 't2', rubricId: 'quality', label: 'bad', labeller: 'bob', comment: null, createdMs: 2_000 },
        { projectId: 'b', traceId: 't3', rubricId: 'quality', label: 'good', labeller: 'bob', comment: null, createdMs: 2_000 },
      ]);
      const [a] = await listJudges(db.judge, 'a', CALIBRATION);
      expect(a).toMatchObject({ model: 'judge-m', rubric: 'quality', calls: 2, labels: 2, accuracy: 1 });
      expect(a!.costUsd).toBeCloseTo(0.02, 6);
      const [b] = await listJudges(db.judge, 'b', CALIBRATION);
      expect(b).toMatchObject({ calls: 3, labels: 3, accuracy: 0, calibrated: false });
      expect(await listJudges(db.judge, 'c', CALIBRATION)).toEqual([]);
    });
  });
}
