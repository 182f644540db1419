/**
 * The store contract against SQLite with each span writer (TRACEGATE_SQLITE_WRITER=worker|inline),
 * plus what only the worker writer can get wrong. The contract suite mostly writes with its own
 * computeTraceFacts, which the worker store commits on the main thread; so the storage behaviours are
 * repeated here through the worker (domain computeTraceFacts), with failures and crashes of the
 * writer thread, close draining pending writes, and the event loop staying free during a commit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeTraceFactsFn, ContentRow, SpanRow } from '../../src/app/ports.js';
import { computeTraceFacts } from '../../src/domain/facts/index.js';
import { applySqliteMigrations } from '../../src/store/migrate/applyMigrations.js';
import { openSqliteConnection } from '../../src/store/sqlite/openSqliteConnection.js';
import { SqliteWorkerSpanStore } from '../../src/store/sqlite/SqliteWorkerSpanStore.js';
import { runStoreContract } from './store.contract.js';
import { sqliteContractTarget } from './sqliteContractTarget.js';

// The default writer (the worker) runs the contract in store.sqlite.test.ts.
runStoreContract('sqlite, writer=inline', () => sqliteContractTarget('inline'));

const PROJECT = 'p-worker';
let seq = 0;
const newTraceId = () => (++seq).toString(16).padStart(32, '0');
function spans(n: number, name = 'op', traceId = newTraceId(), projectId = PROJECT): SpanRow[] {
  return Array.from({ length: n }, (_, i) => ({
    projectId, traceId, spanId: (i + 1).toString(16).padStart(16, '0'), parentSpanId: i === 0 ? null : '1'.padStart(16, '0'),
    name, kind: 1, startTimeUnixNano: '1000000', endTimeUnixNano: '2000000', startMs: 1 + i, durationMs: 1, statusCode: 0, statusMessage: '',
    serviceName: 'svc', release: 'v1', environment: 'prod', attributes: { 'gen_ai.system': 'openai', text: 'x'.repeat(500) }, resource: { 'service.name': 'svc' },
    events: [], links: [], scopeName: 's', scopeVersion: '1',
    facts: {
      operation: 'inference', provider: 'openai', requestModel: 'm', responseModel: 'm', inputTokens: 3, outputTokens: 4, costUsd: null,
      finishReasons: [], finishClasses: [], toolName: null, isError: false, errorType: null, ttftMs: null, sessionId: null, userId: null,
      inputText: null, outputText: null, action: null, actionReason: null, warnings: [],
    },
  }));
}

describe('SqliteWorkerSpanStore', () => {
  let dir: string;
  let path: string;
  const open = (workerPath?: string) => {
    const reader = openSqliteConnection(path, 'FULL');
    return SqliteWorkerSpanStore.open({ path, synchronous: 'FULL', reader, ...(workerPath ? { workerPath } : {}) });
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tracegate-worker-'));
    path = join(dir, 'w.db');
    const db = openSqliteConnection(path, 'FULL');
    applySqliteMigrations(db);
    // A commit the worker cannot finish: SQLite aborts the whole transaction.
    // Test spans carry no protobuf bytes, so their chunk records hold the span as JSON.
    db.exec(
      "CREATE TRIGGER refuse_boom BEFORE INSERT ON span_chunks WHEN instr(NEW.body, CAST('\"name\":\"boom\"' AS BLOB)) > 0 " +
        "BEGIN SELECT RAISE(ABORT, 'boom refused'); END;",
    );
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stores through the worker: idempotent, per project, every column, content before its spans', async () => {
    const store = await open();
    try {
      const batch = { spans: spans(3), content: [] };
      const t = batch.spans[0]!.traceId;
      expect(await store.writeBatch(batch, computeTraceFacts)).toEqual({ inserted: 3, duplicates: 0, tracesUpdated: 1 });
      expect(await store.writeBatch(batch, computeTraceFacts)).toEqual({ inserted: 0, duplicates: 3, tracesUpdated: 0 });
      const found = await store.getTrace(PROJECT, t);
      expect(found?.spans).toEqual(batch.spans);
      // The worker computed the facts with the domain function from exactly these spans.
      const inputs = batch.spans.map((s) => ({ ...s, endMs: s.startMs + s.durationMs }));
      expect(found?.trace).toEqual({ ...computeTraceFacts(t, inputs, []), projectId: PROJECT, updatedMs: found!.trace.updatedMs });
      expect(found?.trace).toMatchObject({ spanCount: 3, rootSpanId: batch.spans[0]!.spanId });

      const one = spans(1)[0]!;
      expect(await store.writeBatch({ spans: [one, one], content: [] }, computeTraceFacts)).toEqual({ inserted: 1, duplicates: 1, tracesUpdated: 1 });

      // Same trace id in another project: that project's own trace, never merged into the first one.
      expect(await store.writeBatch({ spans: spans(1, 'op', t, 'p-other').map((s) => ({ ...s, spanId: 'f'.repeat(16) })), content: [] }, computeTraceFacts))
        .toMatchObject({ inserted: 1 });
      expect((await store.getTrace(PROJECT, t))?.spans).toHaveLength(3);
      expect((await store.getTrace('p-other', t))?.trace).toMatchObject({ projectId: 'p-other', spanCount: 1 });

      const late = newTraceId();
      const content: ContentRow[] = [{ projectId: PROJECT, traceId: late, spanId: '1'.padStart(16, '0'), direction: 'input', text: 'early words', finishReason: null, timeMs: 1 }];
      expect(await store.writeBatch({ spans: [], content }, computeTraceFacts)).toEqual({ inserted: 0, duplicates: 0, tracesUpdated: 0 });
      await store.writeBatch({ spans: spans(2, 'op', late), content: [] }, computeTraceFacts);
      expect((await store.getTrace(PROJECT, late))?.trace).toMatchObject({ spanCount: 2, contentCaptured: true });
    } finally {
      await store.close();
    }
  });

  it('honours a computeTraceFacts other than the domain\'s (committed on the main thread)', async () => {
    const store = await open();
    try {
      const custom: ComputeTraceFactsFn = (traceId, s, c) => ({ ...computeTraceFacts(traceId, s, c), serviceName: 'from-custom' });
      const batch = spans(2);
      expect(await store.writeBatch({ spans: batch, content: [] }, custom)).toEqual({ inserted: 2, duplicates: 0, tracesUpdated: 1 });
      expect((await store.getTrace(PROJECT, batch[0]!.traceId))?.trace.serviceName).toBe('from-custom');
    } finally {
      await store.close();
    }
  });

  it('rejects a write whose commit fails, stores none of it, and keeps writing afterwards', async () => {
    const store = await open();
    try {
      const before = await store.countSpans(PROJECT);
      const bad = [...spans(3), ...spans(2, 'boom')];
      await expect(store.writeBatch({ spans: bad, content: [] }, computeTraceFacts)).rejects.toThrow(/boom refused/);
      expect(await store.countSpans(PROJECT)).toBe(before);
      expect(await store.writeBatch({ spans: spans(4), content: [] }, computeTraceFacts)).toEqual({ inserted: 4, duplicates: 0, tracesUpdated: 1 });
      expect(await store.countSpans(PROJECT)).toBe(before + 4);
    } finally {
      await store.close();
    }
  });

  it('rejects writes pending on a crashed worker, keeps acknowledged ones, and starts a new worker', async () => {
    const store = await open(join(import.meta.dirname, 'spanWriterCrashWorker.ts'));
    try {
      const before = await store.countSpans(PROJECT);
      const acked = spans(5);
      expect(await store.writeBatch({ spans: acked, content: [] }, computeTraceFacts)).toMatchObject({ inserted: 5 });
      const lost = store.writeBatch({ spans: spans(2, 'crash'), content: [] }, computeTraceFacts);
      const queuedBehind = store.writeBatch({ spans: spans(3), content: [] }, computeTraceFacts);
      await expect(lost).rejects.toThrow(/exited \(code 70\)/);
      await expect(queuedBehind).rejects.toThrow(/exited/);
      expect(await store.countSpans(PROJECT)).toBe(before + 5);
      expect(await store.writeBatch({ spans: spans(6), content: [] }, computeTraceFacts)).toMatchObject({ inserted: 6 });
      expect(await store.countSpans(PROJECT)).toBe(before + 11);
      expect((await store.getTrace(PROJECT, acked[0]!.traceId))?.trace.spanCount).toBe(5);
    } finally {
      await store.close();
    }
  });

  it('close() waits for pending writes, then refuses new ones', async () => {
    const store = await open();
    const before = await store.countSpans(PROJECT);
    const pending = store.writeBatch({ spans: spans(300), content: [] }, computeTraceFacts);
    await store.close();
    await expect(pending).resolves.toMatchObject({ inserted: 300 });
    await expect(store.writeBatch({ spans: spans(1), content: [] }, computeTraceFacts)).rejects.toThrow(/closed/);
    const again = await open();
    try {
      expect(await again.countSpans(PROJECT)).toBe(before + 300);
    } finally {
      await again.close();
    }
  });

  it('commits off the event loop: a callback queued after writeBatch runs before the commit is reported', async () => {
    const store = await open();
    try {
      const order: string[] = [];
      const write = store.writeBatch({ spans: spans(2000), content: [] }, computeTraceFacts).then(() => order.push('committed'));
      await new Promise<void>((resolve) => setImmediate(() => (order.push('event loop'), resolve())));
      await write;
      expect(order).toEqual(['event loop', 'committed']);
    } finally {
      await store.close();
    }
  });
});
