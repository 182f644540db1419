/** The pure planning step of a span-chunk write: duplicates per (project, trace), and which traces are recomputed. */
import { describe, expect, it } from 'vitest';
import type { ComputeTraceFactsFn, SpanRow } from '../../../src/app/ports.js';
import { decodeChunk } from '../../../src/app/ingest/spanChunkCodec.js';
import { computeTraceFacts } from '../../../src/domain/facts/index.js';
import type { SpanFacts } from '../../../src/domain/facts/types.js';
import { encodeChunkBatch } from '../../../src/store/chunkBatch.js';
import { batchTraceRows, noteNewContent, planChunkWrite, touchedTraces, tracesToRecompute } from '../../../src/store/planChunkWrite.js';
import { traceKey } from '../../../src/store/traceKey.js';

const T1 = 'a'.repeat(32);
const T2 = 'b'.repeat(32);
const sid = (n: number) => n.toString(16).padStart(16, '0');
const facts = { operation: 'other', warnings: [] } as unknown as SpanFacts;
const compute: ComputeTraceFactsFn = computeTraceFacts;

function row(traceId: string, n: number, projectId = 'p1'): SpanRow {
  return {
    projectId, traceId, spanId: sid(n), parentSpanId: n === 1 ? null : sid(1), name: `op${n}`, kind: 1,
    startTimeUnixNano: `${1_000_000 + n}`, endTimeUnixNano: `${2_000_000 + n}`, startMs: 1 + n, durationMs: 1, statusCode: 0,
    statusMessage: '', serviceName: 'svc', release: 'v1', environment: null, attributes: {}, resource: { 'service.name': 'svc' },
    events: [], links: [], scopeName: '', scopeVersion: '', facts,
  };
}
const batchOf = (...rows: SpanRow[]) => encodeChunkBatch({ spans: rows, content: [] }, compute);
const spanIdsOf = (body: Uint8Array) => decodeChunk('p1', body).map((r) => r.spanId);
const K1 = traceKey('p1', T1);
const K2 = traceKey('p1', T2);

describe('planChunkWrite', () => {
  it('defers the facts of a trace only when every batch touching it defers it, and always recomputes forced ones', () => {
    const defer = (t: string) => ({ defer: [{ projectId: 'p1', traceId: t }] });
    const deferred = encodeChunkBatch({ spans: [row(T1, 1), row(T2, 1)], content: [], facts: { defer: [{ projectId: 'p1', traceId: T1 }, { projectId: 'p1', traceId: T2 }] } }, compute);
    const plain = batchOf(row(T2, 2)); // another request's batch of T2 in the same commit
    const plan = planChunkWrite([deferred, plain], new Set([K2]), new Map());
    expect([...plan.deferred]).toEqual([K1]);
    expect(batchTraceRows([deferred, plain], plan, 0)).toEqual([]); // T1 deferred, T2 recomputed
    expect([...tracesToRecompute(plan)]).toEqual([K2]);
    const T3 = 'c'.repeat(32);
    const forced = encodeChunkBatch({ spans: [], content: [], facts: { recompute: [{ projectId: 'p1', traceId: T3 }] } }, compute);
    const again = encodeChunkBatch({ spans: [row(T1, 3)], content: [], facts: defer(T1) }, compute);
    const forcedPlan = planChunkWrite([forced, again], new Set(), new Map());
    expect(touchedTraces([forced, again]).keys.sort()).toEqual([K1, traceKey('p1', T3)]);
    expect([...tracesToRecompute(forcedPlan)]).toEqual([traceKey('p1', T3)]);
  });

  it('writes every span of traces never seen, with their batch-local facts and no recomputation', () => {
    const batches = [batchOf(row(T1, 1), row(T2, 1), row(T1, 2))];
    const { keys, repeated } = touchedTraces(batches);
    expect(keys.sort()).toEqual([K1, K2]);
    expect(repeated.size).toBe(0);
    const plan = planChunkWrite(batches, new Set(), new Map());
    expect(plan).toMatchObject({ inserted: 3, spanCount: 3 });
    expect(plan.chunks.map((c) => [c.traceId, c.spanCount, c.spanIds])).toEqual([[T1, 2, sid(1) + sid(2)], [T2, 1, sid(1)]]);
    expect(spanIdsOf(plan.chunks[0]!.body)).toEqual([sid(1), sid(2)]);
    expect(tracesToRecompute(plan).size).toBe(0);
    const rows = batchTraceRows(batches, plan, 99);
    expect(rows.map((r) => [r[0], r[1], r[8], r[r.length - 1]])).toEqual([[T1, 'p1', 2, 99], [T2, 'p1', 1, 99]]);
  });

  it('leaves out a span repeated inside a chunk and recomputes its trace', () => {
    const plan = planChunkWrite([batchOf(row(T1, 1), row(T1, 2), row(T1, 1))], new Set(), new Map());
    expect(plan).toMatchObject({ inserted: 2, spanCount: 3 });
    expect(spanIdsOf(plan.chunks[0]!.body)).toEqual([sid(1), sid(2)]);
    expect([...plan.recompute]).toEqual([K1]);
    expect(batchTraceRows([batchOf(row(T1, 1))], plan, 1)).toEqual([]);
  });

  it('checks a trace stored before against its stored span ids, across chunks of this write too', () => {
    const batches = [batchOf(row(T1, 1), row(T1, 3)), batchOf(row(T1, 3), row(T1, 4))];
    const { repeated } = touchedTraces(batches);
    expect([...repeated]).toEqual([K1]);
    const stored = new Map([[K1, new Set([sid(1), sid(2)])]]);
    const plan = planChunkWrite(batches, new Set([K1]), stored);
    expect(plan).toMatchObject({ inserted: 2, spanCount: 4 });
    expect(plan.chunks.map((c) => c.spanIds)).toEqual([sid(3), sid(4)]);
    expect(tracesToRecompute(plan)).toEqual(new Set([K1]));
  });

  it('keeps two projects\' traces with one trace id apart: both store the same span id, neither is recomputed', () => {
    const batches = [batchOf(row(T1, 1, 'p1'), row(T1, 1, 'p2'))];
    expect(touchedTraces(batches).repeated.size).toBe(0);
    const plan = planChunkWrite(batches, new Set(), new Map());
    expect(plan).toMatchObject({ inserted: 2, spanCount: 2 });
    expect(plan.recompute.size).toBe(0);
    expect(batchTraceRows(batches, plan, 1).map((r) => [r[0], r[1]])).toEqual([[T1, 'p1'], [T1, 'p2']]);
  });

  it('plans 100,000 spans of one trace, half of them stored before (speed: npm run bench:hostile)', () => {
    const rows = Array.from({ length: 100_000 }, (_, i) => row(T1, i + 1));
    const batches = [batchOf(...rows)];
    const plan = planChunkWrite(batches, new Set(), new Map());
    expect(plan.inserted).toBe(100_000);
    const again = planChunkWrite(batches, new Set([K1]), new Map([[K1, new Set(rows.slice(0, 50_000).map((r) => r.spanId))]]));
    expect(again.inserted).toBe(50_000);
  }, 120_000); // building the 100,000 rows is slow on a busy machine

  it('writes no chunk when every span is a duplicate, and new content still makes the trace written and recomputed', () => {
    const plan = planChunkWrite([batchOf(row(T2, 1))], new Set([K2]), new Map([[K2, new Set([sid(1)])]]));
    expect(plan.chunks).toEqual([]);
    expect(plan.written.size).toBe(0);
    noteNewContent(plan, 'p9', T2);
    expect(tracesToRecompute(plan)).toEqual(new Set([traceKey('p9', T2)]));
  });
});
