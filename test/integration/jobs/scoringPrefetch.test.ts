/**
 * A scoring pass claims and reads the next batch, and saves the previous one, while it scores the
 * current one (on PostgreSQL the database works while the process scores). On a real SQLite file: the
 * order of the store calls shows the overlap, and a pass whose save fails while other batches are
 * claimed, scored or being read gives back every claim it holds, so the next pass scores every trace.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoringStore } from '../../../src/app/scoring/scoringPorts.js';
import { scoreTraces } from '../../../src/app/scoring/scoreTraces.js';
import { loadScoringSettings } from '../../../src/app/scoring/scoringSettings.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { writeTemplateTraces } from '../../support/writeTemplateTraces.js';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-prefetch-'));
let db: Database;
const silent = { debug() {}, info() {}, warn() {}, error() {} } as never;

beforeAll(async () => {
  db = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  const projectId = (await db.control.createProject('prefetch')).id;
  await writeTemplateTraces(db, projectId, 5);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real store with each call logged; `failSave` makes the n-th save throw. */
function loggedStore(log: string[], failSave?: number): ScoringStore {
  let saves = 0;
  return Object.assign(Object.create(db.scoring) as ScoringStore, {
    claimTraces: async (o: Parameters<ScoringStore['claimTraces']>[0]) => {
      const keys = await db.scoring.claimTraces(o);
      log.push(`claim ${keys.length}`);
      return keys;
    },
    saveScoring: async (holder: string, rows: Parameters<ScoringStore['saveScoring']>[1]) => {
      saves += 1;
      if (saves === failSave) throw new Error('disk full');
      log.push('save');
      return db.scoring.saveScoring(holder, rows);
    },
  });
}

function settings() {
  const loaded = loadScoringSettings({ TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_SCORING_BATCH: '8' });
  if (!loaded.ok) throw new Error(loaded.message);
  return loaded.settings;
}

describe('a scoring pass prefetches its next batch', () => {
  it('gives back the prefetched claims when a save fails, and the next pass scores every trace', async () => {
    const log: string[] = [];
    const deps = { scoring: loggedStore(log, 2), settings: settings(), holder: 'p', logger: silent, onScored: [] };
    await expect(scoreTraces(deps, Date.now() + 1_000)).rejects.toThrow('disk full');
    // Batch 2 was claimed before batch 1 was saved; batch 2's save failed while later batches were claimed.
    expect(log.slice(0, 3)).toEqual(['claim 8', 'claim 8', 'save']);
    expect(log.filter((l) => l === 'save')).toHaveLength(1);
    const leased = await db.sql.all<{ n: number }>('SELECT count(*) AS n FROM trace_scoring WHERE lease_holder IS NOT NULL');
    expect(Number(leased[0]!.n)).toBe(0);

    log.length = 0;
    const counts = await scoreTraces({ ...deps, scoring: loggedStore(log) }, Date.now() + 1_000);
    expect(counts.scored).toBe(40 - 8);
    expect(counts.lost).toBe(0);
    // Each claim after the first comes before the save of the batch claimed just before it.
    expect(log.slice(0, 3)).toEqual(['claim 8', 'claim 8', 'save']);
    expect(log.filter((l) => l === 'save')).toHaveLength(4);
  });
});
