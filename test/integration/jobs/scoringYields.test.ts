/**
 * A scoring pass over a real SQLite file (synchronous statements) gives the event loop a turn between its
 * batches and steps, so ingest and health checks keep being served during a long pass.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraces } from '../../../collectors/index.js';
import { toSpanRows } from '../../../src/app/ingest/toSpanRows.js';
import { scoreTraces } from '../../../src/app/scoring/scoreTraces.js';
import { loadScoringSettings } from '../../../src/app/scoring/scoringSettings.js';
import { computeTraceFacts } from '../../../src/domain/facts/index.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { buildTemplates, stamp } from '../../../bench/support/otlpTemplates.js';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-yields-'));
let db: Database;

beforeAll(async () => {
  db = await openDatabase(`file:${join(dir, 'db.sqlite')}`);
  const projectId = (await db.control.createProject('yields')).id;
  const templates = buildTemplates(2, 64);
  for (let n = 1; n <= 10; n++) {
    const decoded = decodeTraces(stamp(templates[n % templates.length]!, n), 'protobuf');
    if (!decoded.ok) throw new Error('template did not decode');
    await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
  }
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
