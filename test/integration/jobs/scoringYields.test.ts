/**
 * A scoring pass over a real SQLite file (synchronous statements) gives the event loop a turn between its
 * batches and steps, so ingest and health checks keep being served during a long pass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreTraces } from '../../../src/app/scoring/scoreTraces.js';
import { loadScoringSettings } from '../../../src/app/scoring/scoringSettings.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { writeTemplateTraces } from '../../support/writeTemplateTraces.js';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-yields-'));
let db: Database;

beforeAll(async () => {
  db = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  const projectId = (await db.control.createProject('yields')).id;
  await writeTemplateTraces(db, projectId, 10);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a scoring pass on SQLite', () => {
  it('yields to the event loop between batches', async () => {
    const loaded = loadScoringSettings({ TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_SCORING_BATCH: '10' });
    if (!loaded.ok) throw new Error(loaded.message);
    let turns = 0;
    let done = false;
    const tick = () => {
      turns += 1;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const counts = await scoreTraces(
      { scoring: db.scoring, settings: loaded.settings, holder: 'yields', logger: { debug() {}, info() {}, warn() {}, error() {} } as never, onScored: [] },
      Date.now() + 1_000,
    );
    done = true;
    expect(counts.scored).toBe(80);
    expect(counts.batches).toBeGreaterThanOrEqual(8);
    expect(turns).toBeGreaterThanOrEqual(counts.batches);
  });
});
