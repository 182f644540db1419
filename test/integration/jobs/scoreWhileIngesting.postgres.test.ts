/**
 * Scoring while spans keep arriving, on a real PostgreSQL database: the score job's saves take the
 * per-trace advisory locks ingest takes, in the same order, before they touch `traces`, so concurrent
 * span writes and scoring passes never deadlock; late spans keep their traces pending, and once the
 * writes stop a last pass leaves every trace scored at its latest update.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraces } from '../../../collectors/index.js';
import { toSpanRows } from '../../../src/app/ingest/toSpanRows.js';
import { scoreTraces } from '../../../src/app/scoring/scoreTraces.js';
import { loadScoringSettings } from '../../../src/app/scoring/scoringSettings.js';
import { computeTraceFacts } from '../../../src/domain/facts/index.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { postgresTestUrl } from '../../support/startTestServer.js';

const TRACES = 400;
const traceHex = (n: number) => n.toString(16).padStart(32, '0');
let spanSeq = 1;

/** One OTLP/JSON request: one new span for each of `traces`. */
function body(traces: readonly number[]): Uint8Array {
  const now = BigInt(Date.now() - 60_000) * 1_000_000n;
  return new TextEncoder().encode(JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'busy-bot' } }] },
      scopeSpans: [{ scope: { name: 'test' }, spans: traces.map((t) => ({
        traceId: traceHex(t), spanId: (spanSeq++).toString(16).padStart(16, '0'), name: 'chat', kind: 1,
        startTimeUnixNano: `${now}`, endTimeUnixNano: `${now + 1_000_000n}`,
        attributes: [
          { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
          { key: 'gen_ai.output.messages', value: { stringValue: JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: `Answer ${spanSeq}` }] }]) } },
        ],
      })) }],
    }],
  }));
}

describe('scoring while spans arrive (PostgreSQL)', () => {
  let db: Database;
  let projectId: string;
  const write = async (traces: readonly number[]) => {
    const decoded = decodeTraces(body(traces), 'json');
    if (!decoded.ok) throw new Error(decoded.message);
    await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
  };

  beforeAll(async () => {
    db = await openDatabase(postgresTestUrl(`busy_${process.pid}_${Date.now()}`));
    projectId = (await db.control.createProject('busy')).id;
    await write(Array.from({ length: TRACES }, (_, i) => i + 1));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('never deadlocks, and a last pass scores every trace at its latest update', async () => {
    const loaded = loadScoringSettings({ TRACEGATE_SCORING_QUIET_PERIOD: '0s', TRACEGATE_SCORING_BATCH: '50' });
    if (!loaded.ok) throw new Error(loaded.message);
    const logger = { debug() {}, info() {}, error() {} };
    const deps = (holder: string) => ({ scoring: db.scoring, settings: loaded.settings, holder, logger, onScored: [] });
    const until = Date.now() + 3_000;
    let writes = 0;
    let passes = 0;
    // Writers send late spans to random traces, in several orders, while two scorers score.
    const writer = async (seed: number) => {
      let x = seed;
      while (Date.now() < until) {
        const batch = Array.from({ length: 40 }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31), (x % TRACES) + 1));
        await write([...new Set(batch)]);
        writes += 1;
      }
    };
    const scorer = async (holder: string) => {
      while (Date.now() < until) {
        await scoreTraces(deps(holder), Date.now() + 1_000);
        passes += 1;
      }
    };
    await Promise.all([writer(1), writer(2), writer(3), scorer('a'), scorer('b')]);
    expect(writes).toBeGreaterThan(5);
    expect(passes).toBeGreaterThan(2);

    await scoreTraces(deps('c'), Date.now() + 1_000);
    const stale = await db.sql.all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM traces t LEFT JOIN trace_scoring s ON s.project_id = t.project_id AND s.trace_id = t.trace_id ' +
        'WHERE t.score_pending OR s.scored_ms IS NULL OR s.trace_updated_ms < t.updated_ms',
    );
    expect(Number(stale[0]!.n)).toBe(0);
    const scored = await db.sql.all<{ n: number | string }>("SELECT COUNT(*) AS n FROM trace_scoring WHERE status = 'scored'");
    expect(Number(scored[0]!.n)).toBe(TRACES);
  }, 60_000);
});
