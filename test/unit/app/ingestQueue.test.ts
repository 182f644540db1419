import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/app/AppError.js';
import { IngestQueue } from '../../../src/app/ingest/IngestQueue.js';
import type { ComputeTraceFactsFn, SpanRow, SpanStore, WriteOutcome } from '../../../src/app/ports.js';

/** A span store whose commits the test finishes by hand; it records every writeBatch call. */
class ManualStore implements SpanStore {
  readonly calls: { spanIds: string[]; finish: (error?: Error) => void }[] = [];
  pending = 0;
  maxPending = 0;

  constructor(readonly maxPendingWrites?: number) {}

  writeBatch(batch: { spans: SpanRow[] }): Promise<WriteOutcome> {
    this.pending++;
    this.maxPending = Math.max(this.maxPending, this.pending);
    return new Promise((resolve, reject) => {
      this.calls.push({
        spanIds: batch.spans.map((s) => s.spanId),
        finish: (error) => {
          this.pending--;
          if (error) reject(error);
          else resolve({ inserted: batch.spans.length, duplicates: 0, tracesUpdated: 1 });
        },
      });
    });
  }
  listTraces = () => Promise.resolve({ traces: [], nextCursor: null });
  getTrace = () => Promise.resolve(null);
  hasTrace = () => Promise.resolve(false);
  countSpans = () => Promise.resolve(0);
  close = () => Promise.resolve();
}

const compute = (() => {
  throw new Error('not called by the queue');
}) as unknown as ComputeTraceFactsFn;
const spans = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ spanId: `${prefix}${i}` }) as SpanRow);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('IngestQueue', () => {
  it('merges the batches that queue up behind a commit into one group, and acknowledges each only after its commit', async () => {
    const store = new ManualStore();
    const queue = new IngestQueue(store, compute, { maxQueueSpans: 100, maxCommitSpans: 10 });
    const settled: string[] = [];
    const a = queue.enqueue(spans('a', 2)).then(() => settled.push('a'));
    const b = queue.enqueue(spans('b', 3)).then(() => settled.push('b'));
    const c = queue.enqueue(spans('c', 4)).then(() => settled.push('c'));
    await tick();
    // The first enqueue started a commit at once; b and c waited and go together (7 <= 10 spans).
    expect(store.calls.map((call) => call.spanIds.length)).toEqual([2]);
    expect(queue.depthSpans).toBe(9);
    store.calls[0]!.finish();
    await tick();
    expect(settled).toEqual(['a']);
    expect(store.calls.map((call) => call.spanIds.length)).toEqual([2, 7]);
    store.calls[1]!.finish();
    await Promise.all([a, b, c]);
    expect(settled).toEqual(['a', 'b', 'c']);
    expect(queue.depthSpans).toBe(0);
  });

  it('never has more than one commit pending for a store without maxPendingWrites', async () => {
    const store = new ManualStore();
    const queue = new IngestQueue(store, compute, { maxQueueSpans: 100, maxCommitSpans: 2 });
    const all = ['a', 'b', 'c', 'd'].map((p) => queue.enqueue(spans(p, 2)));
    for (let i = 0; i < 4; i++) {
      await tick();
      expect(store.calls).toHaveLength(i + 1);
      store.calls[i]!.finish();
    }
    await Promise.all(all);
    expect(store.maxPending).toBe(1);
  });

  it('keeps up to maxPendingWrites commits pending, in enqueue order, and counts their spans until each settles', async () => {
    const store = new ManualStore(2);
    const queue = new IngestQueue(store, compute, { maxQueueSpans: 100, maxCommitSpans: 2 });
    const settled: string[] = [];
    const all = ['a', 'b', 'c', 'd'].map((p) => queue.enqueue(spans(p, 2)).then(() => settled.push(p)));
    await tick();
    // Two groups handed to the store before either committed; the third waits for a free slot.
    expect(store.calls.map((call) => call.spanIds[0])).toEqual(['a0', 'b0']);
    expect(queue.depthSpans).toBe(8);
    store.calls[0]!.finish();
    await tick();
    expect(settled).toEqual(['a']);
    expect(store.calls.map((call) => call.spanIds[0])).toEqual(['a0', 'b0', 'c0']);
    expect(queue.depthSpans).toBe(6);
    store.calls[1]!.finish();
    store.calls[2]!.finish();
    await tick();
    store.calls[3]!.finish();
    await Promise.all(all);
    expect(settled).toEqual(['a', 'b', 'c', 'd']);
    expect(store.maxPending).toBe(2);
    expect(queue.depthSpans).toBe(0);
  });

  it('refuses with OVERLOADED and a Retry-After once queued plus pending spans would pass the bound', async () => {
    const store = new ManualStore(2);
    const queue = new IngestQueue(store, compute, { maxQueueSpans: 5, maxCommitSpans: 2 });
    const first = queue.enqueue(spans('a', 2));
    const second = queue.enqueue(spans('b', 2));
    await tick();
    const refused = await queue.enqueue(spans('c', 2)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'OVERLOADED', retryAfterSeconds: 1 });
    store.calls[0]!.finish();
    store.calls[1]!.finish();
    await Promise.all([first, second]);
    // Room again: admitted and committed.
    const later = queue.enqueue(spans('d', 2));
    await tick();
    store.calls[2]!.finish();
    await expect(later).resolves.toMatchObject({ inserted: 2 });
  });

  it('retries a failed group one batch at a time, so only the bad batch fails (503), and close() waits for it', async () => {
    const store = new ManualStore();
    const queue = new IngestQueue(store, compute, { maxQueueSpans: 100, maxCommitSpans: 10 });
    const a = queue.enqueue(spans('a', 1));
    const good = queue.enqueue(spans('good', 1));
    const bad = queue.enqueue(spans('bad', 1)).catch((error: unknown) => error);
    await tick();
    store.calls[0]!.finish();
    await tick();
    expect(store.calls[1]!.spanIds).toEqual(['good0', 'bad0']);
    store.calls[1]!.finish(new Error('disk I/O error'));
    await tick();
    expect(store.calls[2]!.spanIds).toEqual(['good0']);
    store.calls[2]!.finish();
    await tick();
    expect(store.calls[3]!.spanIds).toEqual(['bad0']);
    let closed = false;
    const closing = queue.close().then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    store.calls[3]!.finish(new Error('disk I/O error'));
    await expect(a).resolves.toMatchObject({ inserted: 1 });
    await expect(good).resolves.toMatchObject({ inserted: 1 });
    expect(await bad).toMatchObject({ code: 'UNAVAILABLE' });
    await closing;
    expect(closed).toBe(true);
    await expect(queue.enqueue(spans('late', 1))).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
  it('enqueueParts: pieces prepared one by one commit as one batch, counted once against the reservation', async () => {
    const store = new ManualStore();
    const queue = new IngestQueue(store, compute, { maxQueueSpans: 100, maxCommitSpans: 10 });
    const row = (id: string) => ({ projectId: 'p', spanId: id }) as SpanRow;
    await queue.reserve('p', 6, 0);
    const parts = [queue.prepare([row('a'), row('b')]), queue.prepare([row('c'), row('d'), row('e')]), queue.prepare([row('f')])];
    const committed = queue.enqueueParts('p', parts, { reserved: true });
    await tick();
    expect(store.calls.map((call) => call.spanIds)).toEqual([['a', 'b', 'c', 'd', 'e', 'f']]);
    expect(queue.depthSpans).toBe(6);
    store.calls[0]!.finish();
    await committed;
    await tick();
    expect(queue.depthSpans).toBe(0);
  });
});
