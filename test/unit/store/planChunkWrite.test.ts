/** The pure planning step of a span-chunk write: duplicates, owners, and which traces are recomputed. */
import { describe, expect, it } from 'vitest';
import type { ComputeTraceFactsFn, SpanRow } from '../../../src/app/ports.js';
import { decodeChunk } from '../../../src/app/ingest/spanChunkCodec.js';
import { computeTraceFacts } from '../../../src/domain/facts/index.js';
import type { SpanFacts } from '../../../src/domain/facts/types.js';
import { encodeChunkBatch } from '../../../src/store/chunkBatch.js';
import { batchTraceRows, noteNewContent, planChunkWrite, recomputeOwners, touchedTraces } from '../../../src/store/planChunkWrite.js';

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

describe('planChunkWrite', () => {
  it('writes every span of traces never seen, with their batch-local facts and no recomputation', () => {
    const batches = [batchOf(row(T1, 1), row(T2, 1), row(T1, 2))];
    const { ids, repeated } = touchedTraces(batches);
    expect(ids.sort()).toEqual([T1, T2]);
    expect(repeated.size).toBe(0);
    const plan = planChunkWrite(batches, new Set(), new Map());
    expect(plan).toMatchObject({ inserted: 3, spanCount: 3 });
    expect(plan.chunks.map((c) => [c.traceId, c.spanCount, c.spanIds])).toEqual([[T1, 2, sid(1) + sid(2)], [T2, 1, sid(1)]]);
    expect(spanIdsOf(plan.chunks[0]!.body)).toEqual([sid(1), sid(2)]);
    expect(recomputeOwners(plan).size).toBe(0);
    const rows = batchTraceRows(batches, plan, 99);
    expect(rows.map((r) => [r[0], r[1], r[8], r[r.length - 1]])).toEqual([[T1, 'p1', 2, 99], [T2, 'p1', 1, 99]]);
  });

  it('leaves out a span repeated inside a chunk and recomputes its trace', () => {
    const plan = planChunkWrite([batchOf(row(T1, 1), row(T1, 2), row(T1, 1))], new Set(), new Map());
    expect(plan).toMatchObject({ inserted: 2, spanCount: 3 });
    expect(spanIdsOf(plan.chunks[0]!.body)).toEqual([sid(1), sid(2)]);
    expect([...plan.recompute]).toEqual([T1]);
    expect(batchTraceRows([batchOf(row(T1, 1))], plan, 1)).toEqual([]);
  });

  it('checks a trace stored before against its stored span ids, across chunks of this write too', () => {
    const batches = [batchOf(row(T1, 1), row(T1, 3)), batchOf(row(T1, 3), row(T1, 4))];
    const { repeated } = touchedTraces(batches);
    expect([...repeated]).toEqual([T1]);
    const stored = new Map([[T1, new Set([sid(1), sid(2)])]]);
    const plan = planChunkWrite(batches, new Set([T1]), stored);
    expect(plan).toMatchObject({ inserted: 2, spanCount: 4 });
    expect(plan.chunks.map((c) => c.spanIds)).toEqual([sid(3), sid(4)]);
    expect(recomputeOwners(plan)).toEqual(new Map([[T1, 'p1']]));
  });

  it('gives a trace to the first project with new spans and recomputes a trace two projects wrote', () => {
    const plan = planChunkWrite([batchOf(row(T1, 1, 'p1'), row(T1, 2, 'p2'))], new Set([T1]), new Map());
    expect(plan.owner.get(T1)).toBe('p1');
    expect(plan.recompute.has(T1)).toBe(true);
    expect(plan.inserted).toBe(2);
  });

  it('writes no chunk when every span is a duplicate, and new content still makes the trace owned and recomputed', () => {
    const plan = planChunkWrite([batchOf(row(T2, 1))], new Set([T2]), new Map([[T2, new Set([sid(1)])]]));
    expect(plan.chunks).toEqual([]);
    expect(plan.owner.size).toBe(0);
    noteNewContent(plan, T2, 'p9');
    expect(recomputeOwners(plan)).toEqual(new Map([[T2, 'p9']]));
  });
});
