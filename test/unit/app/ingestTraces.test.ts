/**
 * ingestTraces against a real SQLite database (worker writer): a large request's per-span work runs
 * in pieces with the event loop free between them, and its facts end as one write's would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceTraces } from '../../../collectors/index.js';
import { IngestQueue } from '../../../src/app/ingest/IngestQueue.js';
import { ingestTraces, PREPARE_SPANS } from '../../../src/app/ingest/ingestTraces.js';
import type { SpanStore } from '../../../src/app/ports.js';
import { computeTraceFacts } from '../../../src/domain/facts/index.js';
import { openDatabase, type Database } from '../../../src/store/openDatabase.js';
import { bigTrace, oneSpanTraces } from '../../support/hostileBodies.js';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracegate-ingest-traces-'));
  db = await openDatabase(`file:${join(dir, 'ingest.db')}`);
});
afterAll(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The store's own prepareBatch, recording each call's span count and how many event-loop turns (a
 * setImmediate chain) ran since the previous call. The store does its real work.
 */
function watchPrepares(store: SpanStore): { prepares: { spans: number; turnsBefore: number }[]; writes: number[]; stop: () => void } {
  const prepares: { spans: number; turnsBefore: number }[] = [];
  /** Spans of each writePrepared call. */
  const writes: number[] = [];
  let turns = 0;
  let running = true;
  const turn = () => {
    turns++;
    if (running) setImmediate(turn);
  };
  setImmediate(turn);
  const original = store.prepareBatch!.bind(store);
  store.prepareBatch = (batch, compute) => {
    prepares.push({ spans: batch.spans.length, turnsBefore: turns });
    turns = 0;
    return original(batch, compute);
  };
  const write = store.writePrepared!.bind(store);
  store.writePrepared = (batches, compute) => {
    writes.push(batches.reduce((n, b) => n + b.spanCount, 0));
    return write(batches, compute);
  };
  return {
    prepares,
    writes,
    stop: () => {
      running = false;
      store.prepareBatch = original;
      store.writePrepared = write;
    },
  };
}

const options = { sliceSpans: 8192, firstWaitMs: 500, nextWaitMs: 30_000 };

describe('ingestTraces', () => {
  it.each([
    { name: 'one 5,000-span trace', body: () => bigTrace(5_000).body, spans: 5_000 },
    { name: '3,000 one-span traces', body: () => oneSpanTraces(3_000), spans: 3_000 },
  ])('$name: prepared in pieces of at most PREPARE_SPANS, the event loop turning between pieces; committed as one batch', async ({ body, spans }) => {
    const queue = new IngestQueue(db.spans, computeTraceFacts, { maxQueueSpans: 50_000, maxCommitSpans: 8192 });
    const sliced = sliceTraces(body(), 'protobuf');
    if (!sliced.ok) throw new Error(sliced.message);
    const watch = watchPrepares(db.spans);
    try {
      const result = await ingestTraces(queue, 'p-pieces', sliced.slices, options);
      expect(result).toMatchObject({ ok: true, result: { accepted: spans } });
    } finally {
      watch.stop();
    }
    const pieces = watch.prepares.filter((p) => p.spans > 0);
    expect(pieces.length).toBe(Math.ceil(spans / PREPARE_SPANS));
    for (const p of pieces) expect(p.spans).toBeLessThanOrEqual(PREPARE_SPANS);
    for (const p of pieces.slice(1)) expect(p.turnsBefore).toBeGreaterThan(0);
    // The pieces of the (one) slice commit together, not as one small commit per piece.
    expect(watch.writes.filter((n) => n > 0)).toEqual([spans]);
  });

  it('a trace over many pieces and slices ends with the facts of the whole trace', async () => {
    const queue = new IngestQueue(db.spans, computeTraceFacts, { maxQueueSpans: 50_000, maxCommitSpans: 1024 });
    const { body, traceId } = bigTrace(3_000);
    const sliced = sliceTraces(body, 'protobuf');
    if (!sliced.ok) throw new Error(sliced.message);
    const result = await ingestTraces(queue, 'p-big', sliced.slices, { ...options, sliceSpans: 1024 });
    expect(result).toMatchObject({ ok: true, result: { accepted: 3_000 } });
    const stored = await db.spans.getTrace('p-big', traceId);
    expect(stored?.spans.length).toBe(3_000);
    expect(stored?.trace.spanCount).toBe(3_000);
  });
});
