/**
 * The score job finds its work through traces.score_pending: every write of a trace sets it, a save
 * clears it only for traces scored at their current update. On real SQLite and PostgreSQL databases,
 * through the real ingest path: late spans re-open a scored trace; spans written while a trace is
 * being scored keep it pending; the claim's query is served by the (score_pending, updated_ms) index
 * rather than by walking scored traces.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTraces } from '../../../collectors/index.js';
import { toSpanRows } from '../../../src/app/ingest/toSpanRows.js';
import { computeTraceFacts } from '../../../src/domain/facts/index.js';
import { scoreTrace } from '../../../src/domain/scoring/scoreTrace.js';
import { scoreTraces } from '../../../src/app/scoring/scoreTraces.js';
import { loadScoringSettings } from '../../../src/app/scoring/scoringSettings.js';
import { DEFAULT_SCORER_CONFIG } from '../../../src/domain/scoring/scoringConfig.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { postgresTestUrl } from '../../support/startTestServer.js';

const targets = [
  { name: 'sqlite', url: () => `file:${join(mkdtempSync(join(tmpdir(), 'tracegate-pending-')), 'db.sqlite')}` },
  { name: 'postgres', url: () => postgresTestUrl(`pending_${process.pid}_${Date.now()}`) },
];

const traceHex = (n: number) => n.toString(16).padStart(32, '0');
const spanHex = (n: number) => n.toString(16).padStart(16, '0');

/** One OTLP/JSON request of one span per trace, through the collector's decoder. */
function body(spans: Array<{ trace: number; span: number; text: string }>): Uint8Array {
  const now = BigInt(Date.now() - 60_000) * 1_000_000n;
  return new TextEncoder().encode(JSON.stringify({
    resourceSpans: [{
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'pending-bot' } }] },
      scopeSpans: [{
        scope: { name: 'test' },
        spans: spans.map((s) => ({
          traceId: traceHex(s.trace), spanId: spanHex(s.span), name: 'chat gpt-4o', kind: 3,
          startTimeUnixNano: `${now}`, endTimeUnixNano: `${now + 5_000_000n}`,
          attributes: [
            { key: 'gen_ai.operation.name', value: { stringValue: 'chat' } },
            { key: 'gen_ai.output.messages', value: { stringValue: JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: s.text }] }]) } },
          ],
        })),
      }],
    }],
  }));
}

describe.each(targets)('score_pending on $name', ({ url }) => {
  let db: Database;
  let projectId: string;
  const write = async (spans: Array<{ trace: number; span: number; text: string }>) => {
    const decoded = decodeTraces(body(spans), 'json');
    if (!decoded.ok) throw new Error(decoded.message);
    await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
  };
  const claim = (holder: string, nowMs: number) => db.scoring.claimTraces({ holder, nowMs, quietCutoffMs: nowMs, leaseMs: 60_000, limit: 1000 });
  const scoreAndSave = async (holder: string, keys: Awaited<ReturnType<typeof claim>>, nowMs: number, before?: () => Promise<void>) => {
    const loaded = await db.scoring.loadTraces(keys);
    await before?.();
    const rows = loaded.map(({ trace, spans }) => ({
      projectId: trace.projectId, traceId: trace.traceId, traceUpdatedMs: trace.updatedMs, scoredMs: nowMs, scoring: scoreTrace({ trace, spans }, DEFAULT_SCORER_CONFIG),
    }));
    return db.scoring.saveScoring(holder, rows);
  };
  const pending = async () =>
    (await db.sql.all<{ trace_id: string }>('SELECT trace_id FROM traces WHERE score_pending = TRUE ORDER BY trace_id')).map((r) => r.trace_id);

  beforeAll(async () => {
    db = await openDatabase(url());
    projectId = (await db.control.createProject('pending')).id;
    await write([1, 2, 3, 4].map((n) => ({ trace: n, span: n * 10, text: 'Your order shipped on May 3.' })));
  });
  afterAll(async () => {
    await db?.close();
  });

  it('is set by ingest, cleared by a save, and set again by late spans', async () => {
    const far = Date.now() + 60_000;
    expect(await pending()).toEqual([1, 2, 3, 4].map(traceHex));
    const keys = await claim('a', far);
    expect(keys).toHaveLength(4);
    expect(await scoreAndSave('a', keys, far)).toBe(4);
    expect(await pending()).toEqual([]);
    expect(await claim('a', far + 1)).toEqual([]);

    // A late span of trace 2: the trace is pending and claimed again, and scored at its new update.
    await write([{ trace: 2, span: 21, text: "I can't help with that request." }]);
    expect(await pending()).toEqual([traceHex(2)]);
    const again = await claim('b', Date.now() + 120_000);
    expect(again).toEqual([{ projectId, traceId: traceHex(2) }]);
    expect(await scoreAndSave('b', again, Date.now() + 120_000)).toBe(1);
    expect(await pending()).toEqual([]);
    const view = await db.scoring.getScoring(projectId, traceHex(2));
    expect(view.status).toBe('scored');
  });

  it('keeps a trace pending when its spans arrive while it is being scored', async () => {
    await write([{ trace: 3, span: 31, text: 'Could you tell me your order number?' }]);
    const nowMs = Date.now() + 180_000;
    const keys = await claim('c', nowMs);
    expect(keys).toEqual([{ projectId, traceId: traceHex(3) }]);
    // Loaded, then a span arrives before the save: the save keeps the results of what was read, and
    // the trace stays pending so the next pass scores it with the new span.
    expect(await scoreAndSave('c', keys, nowMs, () => write([{ trace: 3, span: 32, text: 'Let me transfer you to a human agent.' }]))).toBe(1);
    expect(await pending()).toEqual([traceHex(3)]);
    expect((await db.scoring.getScoring(projectId, traceHex(3))).status).toBe('waiting');
    const next = await claim('d', Date.now() + 240_000);
    expect(next).toEqual([{ projectId, traceId: traceHex(3) }]);
    expect(await scoreAndSave('d', next, Date.now() + 240_000)).toBe(1);
    expect(await pending()).toEqual([]);
  });

  it('scores a trace whose stored chunk cannot be read from the rest, flags it, and goes on with the others', async () => {
    await write([{ trace: 5, span: 50, text: 'Your refund was issued.' }, { trace: 6, span: 60, text: 'Your order shipped.' }]);
    await write([{ trace: 5, span: 51, text: 'Anything else?' }]);
    // Corrupt one of trace 5's two chunks.
    const [chunk] = await db.sql.all<{ id: number }>('SELECT id FROM span_chunks WHERE trace_id = ? ORDER BY id LIMIT 1', [traceHex(5)]);
    await db.sql.run('UPDATE span_chunks SET body = ? WHERE id = ?', [Buffer.from([0x05, 0xff, 0xff, 0xff]), chunk!.id]);
    const loaded = loadScoringSettings({ TRACEGATE_SCORING_QUIET_PERIOD: '0s' });
    if (!loaded.ok) throw new Error(loaded.message);
    const errors: unknown[] = [];
    const logger = { debug() {}, info() {}, error: (msg: string, fields: unknown) => errors.push({ msg, fields }) };
    const counts = await scoreTraces({ scoring: db.scoring, settings: loaded.settings, holder: 'e', logger, onScored: [] }, Date.now() + 300_000);
    expect(counts.scored).toBe(2);
    const five = await db.scoring.getScoring(projectId, traceHex(5));
    expect(five.status).toBe('scored');
    expect(five.flags).toContain('spans_unreadable');
    expect((await db.scoring.getScoring(projectId, traceHex(6))).flags).not.toContain('spans_unreadable');
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain(traceHex(5));
    expect(await pending()).toEqual([]);
  });

  it('claims through the (score_pending, updated_ms) index', async () => {
    const query = 'SELECT t.project_id, t.trace_id FROM traces t WHERE t.score_pending = TRUE AND t.updated_ms <= ? ORDER BY t.updated_ms LIMIT 10';
    const plan = await db.sql.tx(async (q) => {
      if (db.sql.dialect === 'sqlite') return q.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${query}`, [Date.now()]);
      // A table this small is read whole by PostgreSQL's planner; without that choice the index must serve.
      await q.run('SET LOCAL enable_seqscan = off');
      return (await q.all<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`, [Date.now()])).map((r) => ({ detail: r['QUERY PLAN'] }));
    });
    expect(plan.map((p) => p.detail).join(' ')).toContain('traces_score_pending_updated_ms_idx');
  });
});
