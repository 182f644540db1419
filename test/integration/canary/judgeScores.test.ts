/**
 * A calibrated judge's scores reach the canary arms (SQLite and PostgreSQL): after the judge pass, each
 * judged trace's score joins its release's window once, as a 0..1 value of the judgeScore distribution,
 * without counting the trace again; an uncalibrated judge's scores never do; judgeScore then decides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordScoredTraces, toWindowedTrace } from '../../../src/app/canary/cohortWindows.js';
import { readArms } from '../../../src/app/canary/evaluateCanary.js';
import { judgeWindowsHook } from '../../../src/app/canary/judgeWindowsHook.js';
import type { JudgedTrace } from '../../../src/app/scoring/judge/judgeTraces.js';
import { decideCanary } from '../../../src/domain/canary/decideCanary.js';
import { DEFAULT_POLICY } from '../../../src/domain/canary/defaultPolicy.js';
import { parsePolicy } from '../../../src/domain/canary/parsePolicy.js';
import { toTraceObservation } from '../../../src/domain/canary/toTraceObservation.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { traceFacts } from '../../unit/canary/helpers.js';
import { postgresContractTarget } from '../postgresContractTarget.js';
import { sqliteContractTarget } from '../sqliteContractTarget.js';

const CALIBRATION = { minKappa: 0.6, minLabels: 4 };
const SCALE = { min: 1, max: 5 };
const T0 = 1_700_000_000_000;
const PAIR = { baseline: 'v1', canary: 'v2', service: 'bot', environment: 'prod' };

const factsOf = (release: string, i: number) =>
  traceFacts({ traceId: `${release}-${i}`.padEnd(32, '0'), release, serviceName: 'bot', environment: 'prod', startMs: T0 + i * 1000, outputText: 'hi' });

/** v1 answers well (3-5 from the calibrated judge), v2 poorly (1-3); the uncalibrated judge says the opposite. */
function judged(projectId: string, release: string, n: number): JudgedTrace[] {
  const good = release === 'v1';
  return Array.from({ length: n }, (_, i) => {
    const facts = factsOf(release, i);
    return {
      candidate: { projectId, traceId: facts.traceId, factsJson: JSON.stringify(facts), negativeFeedback: false, flags: [] },
      facts,
      calls: [
        { model: 'calibrated-m', rubricId: 'quality', rubricVersion: 1, score: (good ? 3 : 1) + (i % 3), scale: SCALE },
        { model: 'wild-m', rubricId: 'quality', rubricVersion: 1, score: good ? 1 : 5, scale: SCALE },
      ],
    };
  });
}

const targets = [['SQLite', () => sqliteContractTarget()], ['PostgreSQL', () => postgresContractTarget('judge_feed')]] as const;

describe.each(targets)('calibrated judge scores feed canary arms (%s)', (_name, target) => {
  let db: Database;
  let cleanup: () => Promise<void>;
  let projectId: string;
  beforeAll(async () => {
    const t = await target();
    cleanup = t.cleanup;
    db = await openDatabase(t.databaseUrl);
    projectId = (await db.control.createProject('judge-feed')).id;
    // The judge 'calibrated-m' agrees with the project's humans on 4 labelled traces; 'wild-m' has no labels.
    for (const [i, label] of ['good', 'bad', 'good', 'bad'].entries()) {
      await db.judge.saveJudgeCall({
        id: `cal-${i}`, projectId, traceId: `cal-${i}`, model: 'calibrated-m', rubricId: 'quality', rubricVersion: 1, promptHash: 'h', score: null, label,
        explanation: null, inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, error: null, createdMs: T0,
      });
      await db.judge.saveLabels([{ projectId, traceId: `cal-${i}`, rubricId: 'quality', label, labeller: 'ann', comment: null, createdMs: T0 }]);
    }
    await db.judge.saveJudgeCall({
      id: 'wild-0', projectId, traceId: 'cal-0', model: 'wild-m', rubricId: 'quality', rubricVersion: 1, promptHash: 'h', score: null, label: 'bad',
      explanation: null, inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, error: null, createdMs: T0,
    });
    // Scoring recorded 120 traces per release in the windows before the judge ran.
    for (const release of ['v1', 'v2']) {
      const scored = Array.from({ length: 120 }, (_, i) => factsOf(release, i)).map((f) => toWindowedTrace(f, toTraceObservation(f)));
      await recordScoredTraces(db.canary, projectId, scored, T0);
    }
  });
  afterAll(async () => {
    await db?.close();
    await cleanup?.();
  });

  it('adds each judged trace once, only from calibrated judges, without counting traces again', async () => {
    const hook = judgeWindowsHook(db.canary, db.judge, CALIBRATION, () => T0);
    const batch = [...judged(projectId, 'v1', 100), ...judged(projectId, 'v2', 100)];
    await hook(batch);
    await hook(batch.slice(0, 50));
    const arms = await readArms(db.canary, { projectId, ...PAIR }, T0);
    for (const [arm, values] of [[arms.baseline.arm, [0.5, 0.75, 1]], [arms.canary.arm, [0, 0.25, 0.5]]] as const) {
      expect(arm.traces).toBe(120);
      expect(arm.dists.judgeScore.seen).toBe(100);
      expect(arm.dists.judgeScore.sample).toHaveLength(100);
      expect(new Set(arm.dists.judgeScore.sample)).toEqual(new Set(values));
    }
  });

  it('the judgeScore metric, when enabled, fails the worse canary', async () => {
    const arms = await readArms(db.canary, { projectId, ...PAIR }, T0);
    const parsed = parsePolicy('policyVersion: judge-on\ncanary:\n  metrics:\n    judgeScore: {enabled: true, critical: true, alphaWeight: 1, minPerArm: 50}\n');
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const policy = parsed.policy;
    const judge = decideCanary({ policy, baseline: arms.baseline.arm, canary: arms.canary.arm }).metrics.find((m) => m.metric === 'judgeScore');
    expect(judge, judge?.reason).toMatchObject({ verdict: 'FAIL', nBaseline: 100, nCanary: 100 });
    const off = decideCanary({ policy: DEFAULT_POLICY, baseline: arms.baseline.arm, canary: arms.canary.arm }).metrics.find((m) => m.metric === 'judgeScore');
    expect(off).toBeUndefined();
  });

  it('an uncalibrated judge alone feeds nothing', async () => {
    const other = (await db.control.createProject('judge-feed-uncalibrated')).id;
    const hook = judgeWindowsHook(db.canary, db.judge, CALIBRATION, () => T0);
    await recordScoredTraces(db.canary, other, [factsOf('v1', 0)].map((f) => toWindowedTrace(f, toTraceObservation(f))), T0);
    await hook(judged(other, 'v1', 1));
    const arms = await readArms(db.canary, { projectId: other, ...PAIR }, T0);
    expect(arms.baseline.arm.traces).toBe(1);
    expect(arms.baseline.arm.dists.judgeScore.sketch.count).toBe(0);
  });
});
