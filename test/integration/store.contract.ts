/**
 * The store contract: one suite every database implementation must pass (SQLite and PostgreSQL run
 * it from their own 10-line test files). Uses a small, explicit computeTraceFacts so the assertions
 * are about storage (idempotency, recomputation, filters, pagination, isolation), not normalization.
 */
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComputeTraceFactsFn, ContentRow, SpanRow, SpanStore, TraceSummary } from '../../src/app/ports.js';
import { computeTraceFacts as realComputeTraceFacts } from '../../src/domain/facts/index.js';
import type { SpanFacts, TraceFacts } from '../../src/domain/facts/types.js';
import { loadMigrationFiles, MIGRATIONS_DIRS, MigrationHistoryError, type ApplyOutcome } from '../../src/store/migrate/applyMigrations.js';
import { openDatabase, type Database } from '../../src/store/openDatabase.js';
import { diffDatabaseToSchema, TARGETS } from '../../scripts/migrations.js';

/** What a database-specific test file provides. */
export interface StoreHarness {
  kind: 'sqlite' | 'postgres';
  /** DATABASE_URL of a fresh, empty database (file or schema) owned by this suite. */
  databaseUrl: string;
  /** Runs raw SQL on that database. */
  exec(sql: string): Promise<void>;
  /** Runs the migration applier on that database with another migrations folder. */
  applyMigrations(dir: string): Promise<ApplyOutcome>;
  /** Drops the database (file or schema). */
  cleanup(): Promise<void>;
}

const BASE_MS = 1_790_000_000_000;
let seq = 0;
/** 32-hex trace id / 16-hex span id from a number (unique per call for trace ids). */
const traceId = (n = ++seq) => n.toString(16).padStart(32, '0');
const spanId = (n: number) => n.toString(16).padStart(16, '0');

function facts(over: Partial<SpanFacts> = {}): SpanFacts {
  return {
    operation: 'inference', provider: 'openai', requestModel: 'gpt-x', responseModel: 'gpt-x', inputTokens: null,
    outputTokens: null, costUsd: null, finishReasons: [], finishClasses: [], toolName: null, isError: false, errorType: null,
    ttftMs: null, sessionId: null, userId: null, inputText: null, outputText: null, action: null, actionReason: null,
    warnings: [], ...over,
  };
}

interface SpanSpec {
  projectId: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string | null;
  startMs?: number;
  durationMs?: number;
  service?: string | null;
  release?: string | null;
  environment?: string | null;
  inputTokens?: number | null;
}

function span(s: SpanSpec): SpanRow {
  const startMs = s.startMs ?? BASE_MS;
  const durationMs = s.durationMs ?? 10;
  const resource = { 'service.name': s.service ?? 'svc', 'service.version': s.release ?? 'v1' };
  return {
    projectId: s.projectId, traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId ?? null, name: `op ${s.spanId}`,
    kind: 3, startTimeUnixNano: `${BigInt(Math.round(startMs)) * 1_000_000n}`,
    endTimeUnixNano: `${BigInt(Math.round(startMs + durationMs)) * 1_000_000n}`, startMs, durationMs, statusCode: 0,
    statusMessage: '', serviceName: s.service === undefined ? 'svc' : s.service, release: s.release === undefined ? 'v1' : s.release,
    environment: s.environment === undefined ? 'prod' : s.environment,
    attributes: { 'gen_ai.system': 'openai', nested: { list: [1, 'two', true, null] }, unicode: 'žluť 🐛 "q"' },
    resource, events: [{ timeUnixNano: '1', name: 'e', attributes: { k: 1 } }], links: [], scopeName: 'scope', scopeVersion: '1.0',
    facts: facts({ inputTokens: s.inputTokens ?? null }),
  };
}

/** A transparent trace-level computation: every field is derivable by hand from the inputs. */
const fakeCompute: ComputeTraceFactsFn = (id, spans, content) => {
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => s.parentSpanId === null) ?? null;
  const startMs = Math.min(...spans.map((s) => s.startMs));
  const endMs = Math.max(...spans.map((s) => s.endMs));
  const tokens = spans.map((s) => s.facts.inputTokens).filter((t): t is number => t !== null);
  const inputs = content.filter((c) => c.direction === 'input').map((c) => c.text);
  const outputs = content.filter((c) => c.direction === 'output').map((c) => c.text);
  const first = root ?? spans[0]!;
  return {
    traceId: id, serviceName: first.serviceName, release: first.release, environment: first.environment,
    rootSpanId: root?.spanId ?? null, incomplete: !root || spans.some((s) => s.parentSpanId !== null && !ids.has(s.parentSpanId)),
    startMs, endMs, durationMs: root ? root.endMs - root.startMs : endMs - startMs, spanCount: spans.length, models: ['gpt-x'],
    providers: ['openai'], inputTokens: tokens.length ? tokens.reduce((a, b) => a + b, 0) : null, outputTokens: null, costUsd: null,
    inferenceCalls: spans.length, toolCalls: 0, toolErrors: 0, toolNames: [], error: false, errorTypes: [], finishReasons: [],
    finishClasses: [], lastFinishClass: null, ttftMs: null, sessionId: null, userId: null,
    inputText: inputs.length ? inputs.join('|') : null, outputText: outputs.length ? outputs.join('|') : null,
    contentCaptured: content.length > 0, action: null, actionSource: null, actionReason: null, warningCount: 0,
  } satisfies TraceFacts;
};

async function listAll(spans: SpanStore, projectId: string, limit: number): Promise<{ pages: number; traces: TraceSummary[] }> {
  const traces: TraceSummary[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await spans.listTraces({ projectId, limit, cursor });
    pages++;
    traces.push(...page.traces);
    if (!page.nextCursor) return { pages, traces };
    cursor = page.nextCursor;
    if (pages > 100) throw new Error('pagination does not terminate');
  }
}

/** Registers the contract suite for one database kind. */
export function runStoreContract(name: string, setup: () => Promise<StoreHarness>): void {
  describe(`store contract: ${name}`, () => {
    let h: StoreHarness;
    let db: Database;
    let A: string;
    let B: string;

    beforeAll(async () => {
      h = await setup();
      db = await openDatabase(h.databaseUrl);
      A = (await db.control.createProject('contract-a')).id;
      B = (await db.control.createProject('contract-b')).id;
    });
    afterAll(async () => {
      await db?.close();
      await h?.cleanup();
    });

    it('reports its kind', () => {
      expect(db.kind).toBe(h.kind);
    });

    it('stores a batch once: a re-sent batch is accepted as duplicates and counts do not change', async () => {
      const t = traceId();
      const batch = { spans: [1, 2, 3].map((n) => span({ projectId: A, traceId: t, spanId: spanId(n), parentSpanId: n === 1 ? null : spanId(1) })), content: [] };
      const before = await db.spans.countSpans(A);
      expect(await db.spans.writeBatch(batch, fakeCompute)).toEqual({ inserted: 3, duplicates: 0, tracesUpdated: 1 });
      expect(await db.spans.writeBatch(batch, fakeCompute)).toEqual({ inserted: 0, duplicates: 3, tracesUpdated: 0 });
      expect(await db.spans.countSpans(A)).toBe(before + 3);
      const found = await db.spans.getTrace(A, t);
      expect(found?.spans.map((s) => s.spanId)).toEqual([spanId(1), spanId(2), spanId(3)]);
      expect(found?.trace.spanCount).toBe(3);
    });

    it('counts a span repeated inside one batch as a duplicate', async () => {
      const t = traceId();
      const s = span({ projectId: A, traceId: t, spanId: spanId(7) });
      expect(await db.spans.writeBatch({ spans: [s, s], content: [] }, fakeCompute)).toEqual({ inserted: 1, duplicates: 1, tracesUpdated: 1 });
    });

    it('stores only the new spans of a later batch that re-sends some stored ones with new ones', async () => {
      const t = traceId();
      const spans = [1, 2, 3, 4, 5].map((n) => span({ projectId: A, traceId: t, spanId: spanId(n), parentSpanId: n === 1 ? null : spanId(1), inputTokens: n }));
      expect(await db.spans.writeBatch({ spans: spans.slice(0, 3), content: [] }, fakeCompute)).toEqual({ inserted: 3, duplicates: 0, tracesUpdated: 1 });
      // 2 and 3 again (3 twice), 4 and 5 new.
      const again = [spans[3]!, spans[2]!, spans[1]!, spans[4]!, spans[2]!];
      expect(await db.spans.writeBatch({ spans: again, content: [] }, fakeCompute)).toEqual({ inserted: 2, duplicates: 3, tracesUpdated: 1 });
      const found = await db.spans.getTrace(A, t);
      expect(found?.spans.map((x) => x.spanId)).toEqual(spans.map((x) => x.spanId));
      expect(found?.trace).toMatchObject({ spanCount: 5, inputTokens: 15 });
      expect(await db.spans.writeBatch({ spans, content: [] }, fakeCompute)).toEqual({ inserted: 0, duplicates: 5, tracesUpdated: 0 });
    });

    it('keys traces by (project, trace id): the same span id in another project\'s trace of that id is stored, not a duplicate', async () => {
      const C = (await db.control.createProject('contract-collide')).id;
      const t = traceId();
      await db.spans.writeBatch({ spans: [span({ projectId: C, traceId: t, spanId: spanId(1) })], content: [] }, fakeCompute);
      expect(await db.spans.writeBatch({ spans: [span({ projectId: A, traceId: t, spanId: spanId(1) })], content: [] }, fakeCompute)).toEqual({
        inserted: 1,
        duplicates: 0,
        tracesUpdated: 1,
      });
      // Both projects in one batch: two traces, two spans.
      const u = traceId();
      const both = [span({ projectId: A, traceId: u, spanId: spanId(1) }), span({ projectId: C, traceId: u, spanId: spanId(1) })];
      expect(await db.spans.writeBatch({ spans: both, content: [] }, fakeCompute)).toEqual({ inserted: 2, duplicates: 0, tracesUpdated: 2 });
      for (const p of [A, C]) {
        expect((await db.spans.getTrace(p, t))?.spans.map((x) => [x.projectId, x.spanId])).toEqual([[p, spanId(1)]]);
        expect((await db.spans.getTrace(p, u))?.trace).toMatchObject({ projectId: p, spanCount: 1 });
      }
      // A re-send is a duplicate within its own project only.
      expect(await db.spans.writeBatch({ spans: both, content: [] }, fakeCompute)).toEqual({ inserted: 0, duplicates: 2, tracesUpdated: 0 });
    });

    it('commits several prepared batches as one write of their concatenation (when the store prepares batches)', async () => {
      const store = db.spans;
      if (!store.prepareBatch || !store.writePrepared) {
        expect(store.writePrepared).toBeUndefined(); // both or neither
        return;
      }
      const t = traceId();
      const u = traceId();
      const s = (trace: string, n: number) => span({ projectId: A, traceId: trace, spanId: spanId(n), parentSpanId: n === 1 ? null : spanId(1), inputTokens: n });
      const first = store.prepareBatch({ spans: [s(t, 1), s(t, 2), s(u, 1)], content: [] }, fakeCompute);
      // The same trace again in the second batch, with one span of the first repeated.
      const second = store.prepareBatch({ spans: [s(t, 3), s(t, 2), s(u, 2)], content: [] }, fakeCompute);
      expect(await store.writePrepared([first, second], fakeCompute)).toEqual({ inserted: 5, duplicates: 1, tracesUpdated: 2 });
      expect((await store.getTrace(A, t))?.trace).toMatchObject({ spanCount: 3, inputTokens: 6, incomplete: false });
      expect((await store.getTrace(A, u))?.trace).toMatchObject({ spanCount: 2, inputTokens: 3 });
      // A prepared batch can be written again (the queue retries): all duplicates then.
      expect(await store.writePrepared([first], fakeCompute)).toEqual({ inserted: 0, duplicates: 3, tracesUpdated: 0 });
    });

    it('reads spans stored before span chunks (the spans table): in traces, counts, duplicates and recomputation', async () => {
      const t = traceId();
      const old = span({ projectId: A, traceId: t, spanId: spanId(1), inputTokens: 7 });
      const q = (v: string | null) => (v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`);
      await h.exec(
        'INSERT INTO spans (project_id, trace_id, span_id, parent_span_id, name, kind, start_time_unix_nano, end_time_unix_nano, start_ms, duration_ms, ' +
          'status_code, status_message, service_name, release, environment, attributes, resource, events, links, facts, scope_name, scope_version, received_ms) ' +
          `VALUES (${q(A)}, ${q(t)}, ${q(old.spanId)}, NULL, ${q(old.name)}, ${old.kind}, ${q(old.startTimeUnixNano)}, ${q(old.endTimeUnixNano)}, ` +
          `${old.startMs}, ${old.durationMs}, 0, '', ${q(old.serviceName)}, ${q(old.release)}, ${q(old.environment)}, ${q(JSON.stringify(old.attributes))}, ` +
          `${q(JSON.stringify(old.resource))}, ${q(JSON.stringify(old.events))}, '[]', ${q(JSON.stringify(old.facts))}, 'scope', '1.0', ${BASE_MS})`,
      );
      const before = await db.spans.countSpans(A);
      expect(await db.spans.writeBatch({ spans: [old], content: [] }, fakeCompute)).toMatchObject({ inserted: 0, duplicates: 1 });
      const child = span({ projectId: A, traceId: t, spanId: spanId(2), parentSpanId: spanId(1), startMs: BASE_MS + 1, inputTokens: 5 });
      expect(await db.spans.writeBatch({ spans: [child], content: [] }, fakeCompute)).toEqual({ inserted: 1, duplicates: 0, tracesUpdated: 1 });
      const found = await db.spans.getTrace(A, t);
      expect(found?.spans).toEqual([old, child]);
      expect(found?.trace).toMatchObject({ spanCount: 2, inputTokens: 12, rootSpanId: spanId(1) });
      expect(await db.spans.countSpans(A)).toBe(before + 1);
    });

    it('recomputes trace facts when a later batch of the same trace arrives', async () => {
      const t = traceId();
      const child = span({ projectId: A, traceId: t, spanId: spanId(2), parentSpanId: spanId(1), startMs: BASE_MS + 5, durationMs: 20, inputTokens: 30 });
      await db.spans.writeBatch({ spans: [child], content: [] }, fakeCompute);
      const early = await db.spans.getTrace(A, t);
      expect(early?.trace).toMatchObject({ spanCount: 1, incomplete: true, rootSpanId: null, inputTokens: 30 });
      const root = span({ projectId: A, traceId: t, spanId: spanId(1), startMs: BASE_MS, durationMs: 100, inputTokens: 12 });
      expect(await db.spans.writeBatch({ spans: [root], content: [] }, fakeCompute)).toMatchObject({ inserted: 1, tracesUpdated: 1 });
      const late = await db.spans.getTrace(A, t);
      expect(late?.trace).toMatchObject({ spanCount: 2, incomplete: false, rootSpanId: spanId(1), inputTokens: 42, durationMs: 100, startMs: BASE_MS });
      expect(late!.trace.updatedMs).toBeGreaterThanOrEqual(early!.trace.updatedMs);
    });

    it('keeps a trace right across many commits, each adding spans (recomputed from stored chunks)', async () => {
      const t = traceId();
      for (let n = 6; n >= 1; n--) {
        const s = span({ projectId: A, traceId: t, spanId: spanId(n), parentSpanId: n === 1 ? null : spanId(1), startMs: BASE_MS + n, inputTokens: n });
        expect(await db.spans.writeBatch({ spans: [s], content: [] }, fakeCompute)).toEqual({ inserted: 1, duplicates: 0, tracesUpdated: 1 });
        const found = await db.spans.getTrace(A, t);
        const sum = ((6 + n) * (6 - n + 1)) / 2;
        expect(found?.trace).toMatchObject({ spanCount: 7 - n, inputTokens: sum, incomplete: n !== 1, startMs: BASE_MS + n });
      }
    });

    it('a trace written over several commits with its facts deferred to a final recompute ends with the facts of one write', async () => {
      const once = traceId();
      const sliced = traceId();
      const spansOf = (t: string) =>
        Array.from({ length: 30 }, (_, i) =>
          span({ projectId: A, traceId: t, spanId: spanId(i + 1), parentSpanId: i === 0 ? null : spanId(1), startMs: BASE_MS + i, durationMs: 50 - i, inputTokens: i }),
        );
      await db.spans.writeBatch({ spans: spansOf(once), content: [] }, realComputeTraceFacts);
      const rows = spansOf(sliced);
      const defer = [{ projectId: A, traceId: sliced }];
      for (let from = 0; from < rows.length; from += 8) {
        await db.spans.writeBatch({ spans: rows.slice(from, from + 8), content: [], facts: { defer } }, realComputeTraceFacts);
      }
      expect(await db.spans.hasTrace(A, sliced)).toBe(false); // deferred: no trace row yet
      expect(await db.spans.writeBatch({ spans: [], content: [], facts: { recompute: defer } }, realComputeTraceFacts)).toEqual({
        inserted: 0,
        duplicates: 0,
        tracesUpdated: 1,
      });
      const factsOf = async (t: string) => {
        const { traceId: _id, updatedMs: _at, ...rest } = (await db.spans.getTrace(A, t))!.trace;
        return rest;
      };
      expect(await factsOf(sliced)).toEqual(await factsOf(once));
      expect((await factsOf(sliced)).spanCount).toBe(30);
    });

    it('a retry after a crash between deferred commits ends with right facts, though every span is a duplicate', async () => {
      const once = traceId();
      const missing = traceId(); // first slice committed, then the crash: no trace row
      const stale = traceId(); // a row from an earlier request, then a deferred slice: the row is stale
      const spansOf = (t: string) =>
        Array.from({ length: 12 }, (_, i) => span({ projectId: A, traceId: t, spanId: spanId(i + 1), parentSpanId: i === 0 ? null : spanId(1), startMs: BASE_MS + i, inputTokens: i + 1 }));
      await db.spans.writeBatch({ spans: spansOf(once), content: [] }, realComputeTraceFacts);
      const m = spansOf(missing);
      const st = spansOf(stale);
      await db.spans.writeBatch({ spans: m.slice(0, 6), content: [], facts: { defer: [{ projectId: A, traceId: missing }] } }, realComputeTraceFacts);
      await db.spans.writeBatch({ spans: st.slice(0, 3), content: [] }, realComputeTraceFacts);
      await db.spans.writeBatch({ spans: st.slice(0, 6), content: [], facts: { defer: [{ projectId: A, traceId: stale }] } }, realComputeTraceFacts);
      expect(await db.spans.hasTrace(A, missing)).toBe(false);
      expect((await db.spans.getTrace(A, stale))!.trace.spanCount).toBe(3);
      // The client re-sends both requests whole: the first slices are duplicates only.
      for (const [t, rows] of [[missing, m], [stale, st]] as const) {
        const defer = [{ projectId: A, traceId: t }];
        expect(await db.spans.writeBatch({ spans: rows.slice(0, 6), content: [], facts: { defer } }, realComputeTraceFacts)).toMatchObject({ inserted: 0, duplicates: 6 });
        await db.spans.writeBatch({ spans: rows.slice(6), content: [], facts: { defer } }, realComputeTraceFacts);
        await db.spans.writeBatch({ spans: [], content: [], facts: { recompute: defer } }, realComputeTraceFacts);
      }
      const factsOf = async (t: string) => {
        const { traceId: _id, updatedMs: _at, ...rest } = (await db.spans.getTrace(A, t))!.trace;
        return rest;
      };
      expect(await factsOf(missing)).toEqual(await factsOf(once));
      expect(await factsOf(stale)).toEqual(await factsOf(once));
      // A recompute of a trace with nothing stored writes nothing.
      expect(await db.spans.writeBatch({ spans: [], content: [], facts: { recompute: [{ projectId: A, traceId: traceId() }] } }, realComputeTraceFacts)).toEqual({
        inserted: 0,
        duplicates: 0,
        tracesUpdated: 0,
      });
    });

    it('round-trips every span column, JSON included', async () => {
      const t = traceId();
      const s = span({ projectId: A, traceId: t, spanId: spanId(1), startMs: BASE_MS + 0.25, durationMs: 1.5 });
      await db.spans.writeBatch({ spans: [s], content: [] }, fakeCompute);
      const found = await db.spans.getTrace(A, t);
      expect(found?.spans[0]).toEqual(s);
    });

    it('returns null for an unknown trace and for another project\'s trace', async () => {
      const t = traceId();
      await db.spans.writeBatch({ spans: [span({ projectId: A, traceId: t, spanId: spanId(1) })], content: [] }, fakeCompute);
      expect(await db.spans.getTrace(A, traceId())).toBeNull();
      expect(await db.spans.getTrace(B, t)).toBeNull();
      expect(await db.spans.getTrace(A, t)).not.toBeNull();
    });

    it('keeps projects apart: a trace id sent by two projects is two traces, each complete and listed in its project only', async () => {
      const t = traceId();
      await db.spans.writeBatch({ spans: [span({ projectId: B, traceId: t, spanId: spanId(1), service: 'only-b', inputTokens: 1 })], content: [] }, fakeCompute);
      // Same trace id, other project: A's own trace, never merged into B's.
      const a1 = span({ projectId: A, traceId: t, spanId: spanId(2), service: 'also-a', inputTokens: 10 });
      const a2 = span({ projectId: A, traceId: t, spanId: spanId(3), parentSpanId: spanId(2), service: 'also-a', inputTokens: 20, startMs: BASE_MS + 1 });
      expect(await db.spans.writeBatch({ spans: [a1], content: [] }, fakeCompute)).toEqual({ inserted: 1, duplicates: 0, tracesUpdated: 1 });
      // A's later spans recompute A's trace from A's spans only.
      expect(await db.spans.writeBatch({ spans: [a2], content: [] }, fakeCompute)).toEqual({ inserted: 1, duplicates: 0, tracesUpdated: 1 });
      const contentA: ContentRow[] = [{ projectId: A, traceId: t, spanId: spanId(2), direction: 'input', text: 'for a', finishReason: null, timeMs: BASE_MS }];
      expect(await db.spans.writeBatch({ spans: [], content: contentA }, fakeCompute)).toEqual({ inserted: 0, duplicates: 0, tracesUpdated: 1 });
      const b = await db.spans.getTrace(B, t);
      expect(b?.spans.map((s) => s.spanId)).toEqual([spanId(1)]);
      expect(b?.trace).toMatchObject({ spanCount: 1, serviceName: 'only-b', projectId: B, inputTokens: 1, inputText: null });
      const a = await db.spans.getTrace(A, t);
      expect(a?.spans.map((s) => s.spanId)).toEqual([spanId(2), spanId(3)]);
      expect(a?.trace).toMatchObject({ spanCount: 2, serviceName: 'also-a', projectId: A, inputTokens: 30, inputText: 'for a' });
      const listedB = await listAll(db.spans, B, 1000);
      expect(listedB.traces.map((x) => x.traceId)).toEqual([t]);
      expect((await listAll(db.spans, A, 1000)).traces.filter((x) => x.traceId === t).map((x) => x.serviceName)).toEqual(['also-a']);
      expect(await db.spans.countSpans(B)).toBe(1);
    });

    it('filters by service, release, environment and a half-open time range', async () => {
      const p = (await db.control.createProject('contract-filters')).id;
      const specs = [
        { service: 'chat', release: 'v1', environment: 'prod', startMs: BASE_MS + 1000 },
        { service: 'chat', release: 'v2', environment: 'prod', startMs: BASE_MS + 2000 },
        { service: 'chat', release: 'v2', environment: 'staging', startMs: BASE_MS + 3000 },
        { service: 'search', release: 'v2', environment: 'prod', startMs: BASE_MS + 4000 },
        { service: 'search', release: null, environment: null, startMs: BASE_MS + 5000 },
      ];
      const ids = specs.map(() => traceId());
      await db.spans.writeBatch({ spans: specs.map((s, i) => span({ projectId: p, traceId: ids[i]!, spanId: spanId(1), ...s })), content: [] }, fakeCompute);
      const cases = [
        { name: 'no filter', f: {}, want: [4, 3, 2, 1, 0] },
        { name: 'service', f: { service: 'chat' }, want: [2, 1, 0] },
        { name: 'release', f: { release: 'v2' }, want: [3, 2, 1] },
        { name: 'environment', f: { environment: 'prod' }, want: [3, 1, 0] },
        { name: 'combined', f: { service: 'chat', release: 'v2', environment: 'prod' }, want: [1] },
        { name: 'from inclusive', f: { fromMs: BASE_MS + 3000 }, want: [4, 3, 2] },
        { name: 'to exclusive', f: { toMs: BASE_MS + 3000 }, want: [1, 0] },
        { name: 'range', f: { fromMs: BASE_MS + 2000, toMs: BASE_MS + 4001 }, want: [3, 2, 1] },
        { name: 'nothing', f: { service: 'nope' }, want: [] },
      ];
      for (const c of cases) {
        const page = await db.spans.listTraces({ projectId: p, limit: 100, ...c.f });
        expect(page.traces.map((t) => t.traceId), c.name).toEqual(c.want.map((i) => ids[i]));
        expect(page.nextCursor, c.name).toBeNull();
      }
    });

    it('pages with a keyset cursor, newest first, without gaps or duplicates (ties on startMs too)', async () => {
      const p = (await db.control.createProject('contract-pages')).id;
      const ids = Array.from({ length: 23 }, () => traceId());
      // Groups of three traces share a start time, so the trace id must break ties.
      const spans = ids.map((t, i) => span({ projectId: p, traceId: t, spanId: spanId(1), startMs: BASE_MS + Math.floor(i / 3) * 1000 }));
      await db.spans.writeBatch({ spans, content: [] }, fakeCompute);
      const expected = [...spans].sort((a, b) => b.startMs - a.startMs || (a.traceId < b.traceId ? 1 : -1)).map((s) => s.traceId);
      for (const limit of [1, 4, 7, 23, 50]) {
        const { pages, traces } = await listAll(db.spans, p, limit);
        expect(traces.map((t) => t.traceId), `limit ${limit}`).toEqual(expected);
        expect(pages, `limit ${limit}`).toBe(Math.max(1, Math.ceil(23 / limit)));
      }
      const filtered = await listAll(db.spans, p, 2);
      expect(new Set(filtered.traces.map((t) => t.traceId)).size).toBe(23);
    });

    it('rejects a cursor it did not issue', async () => {
      await expect(db.spans.listTraces({ projectId: A, limit: 5, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    });

    it('stores content idempotently and feeds it into the trace facts', async () => {
      const t = traceId();
      await db.spans.writeBatch({ spans: [span({ projectId: A, traceId: t, spanId: spanId(1) })], content: [] }, fakeCompute);
      expect((await db.spans.getTrace(A, t))?.trace).toMatchObject({ contentCaptured: false, inputText: null });
      const content: ContentRow[] = [
        { projectId: A, traceId: t, spanId: spanId(1), direction: 'input', text: 'hello', finishReason: null, timeMs: BASE_MS + 1 },
        { projectId: A, traceId: t, spanId: spanId(1), direction: 'output', text: 'hi there', finishReason: 'stop', timeMs: BASE_MS + 2 },
      ];
      expect(await db.spans.writeBatch({ spans: [], content }, fakeCompute)).toEqual({ inserted: 0, duplicates: 0, tracesUpdated: 1 });
      expect(await db.spans.writeBatch({ spans: [], content }, fakeCompute)).toEqual({ inserted: 0, duplicates: 0, tracesUpdated: 0 });
      const found = await db.spans.getTrace(A, t);
      expect(found?.trace).toMatchObject({ contentCaptured: true, inputText: 'hello', outputText: 'hi there' });
    });

    it('attaches content that arrives before its spans once the spans come', async () => {
      const t = traceId();
      const content: ContentRow[] = [{ projectId: A, traceId: t, spanId: spanId(1), direction: 'input', text: 'early', finishReason: null, timeMs: BASE_MS }];
      expect(await db.spans.writeBatch({ spans: [], content }, fakeCompute)).toMatchObject({ tracesUpdated: 0 });
      expect(await db.spans.getTrace(A, t)).toBeNull();
      await db.spans.writeBatch({ spans: [span({ projectId: A, traceId: t, spanId: spanId(1) })], content: [] }, fakeCompute);
      expect((await db.spans.getTrace(A, t))?.trace).toMatchObject({ inputText: 'early', contentCaptured: true });
    });

    it('works with the domain\'s computeTraceFacts', async () => {
      const t = traceId();
      const spans = [span({ projectId: A, traceId: t, spanId: spanId(1) }), span({ projectId: A, traceId: t, spanId: spanId(2), parentSpanId: spanId(1), startMs: BASE_MS + 1 })];
      expect(await db.spans.writeBatch({ spans, content: [] }, realComputeTraceFacts)).toEqual({ inserted: 2, duplicates: 0, tracesUpdated: 1 });
      const found = await db.spans.getTrace(A, t);
      expect(found?.trace).toMatchObject({ traceId: t, spanCount: 2, rootSpanId: spanId(1), projectId: A });
    });

    it('keeps acknowledged spans across close and reopen', async () => {
      const t = traceId();
      await db.spans.writeBatch({ spans: [span({ projectId: A, traceId: t, spanId: spanId(1) })], content: [] }, fakeCompute);
      const total = await db.spans.countSpans();
      const again = await openDatabase(h.databaseUrl);
      try {
        expect(await again.spans.countSpans()).toBe(total);
        expect(await again.spans.getTrace(A, t)).not.toBeNull();
      } finally {
        await again.close();
      }
    });

    it('control plane: projects are idempotent by name, keys resolve until revoked, feedback is per project', async () => {
      const c = db.control;
      const p1 = await c.createProject('cp');
      const [p2, p3] = await Promise.all([c.createProject('cp'), c.createProject('cp')]);
      expect(p2).toEqual(p1);
      expect(p3).toEqual(p1);
      const keysBefore = await c.countActiveKeys();
      const hash = 'a'.repeat(64);
      const key = await c.createApiKey(p1.id, { prefix: 'tg_abcd', hash, name: 'ci' });
      expect(await c.findActiveKeyByHash(hash)).toEqual({ keyId: key.id, projectId: p1.id });
      expect(await c.findActiveKeyByHash('b'.repeat(64))).toBeNull();
      expect(await c.countActiveKeys()).toBe(keysBefore + 1);
      await expect(c.createApiKey(p1.id, { prefix: 'tg_x', hash })).rejects.toThrow();
      expect(await c.revokeApiKey(key.id, new Date(BASE_MS))).toBe(true);
      expect(await c.revokeApiKey(key.id, new Date(BASE_MS))).toBe(false);
      expect(await c.findActiveKeyByHash(hash)).toBeNull();
      expect(await c.countActiveKeys()).toBe(keysBefore);

      const t = traceId();
      const up = await c.saveFeedback({ projectId: p1.id, traceId: t, value: 'up', score: null, comment: 'good', userId: 'u1' });
      const scored = await c.saveFeedback({ projectId: p1.id, traceId: t, value: null, score: 0.25, comment: null, userId: null });
      await c.saveFeedback({ projectId: A, traceId: t, value: 'down', score: null, comment: null, userId: null });
      expect(up.createdAt).toBeInstanceOf(Date);
      const list = await c.listFeedback(p1.id, t);
      expect(list.map((f) => f.id).sort()).toEqual([up.id, scored.id].sort());
      expect(list.find((f) => f.id === up.id)).toMatchObject({ value: 'up', score: null, comment: 'good', userId: 'u1', projectId: p1.id, traceId: t });
      expect(list.find((f) => f.id === scored.id)).toMatchObject({ value: null, score: 0.25 });
      expect(await c.listFeedback(B, t)).toEqual([]);
    });

    it('migrations: the applied database matches the schema, and re-applying is a no-op', async () => {
      const target = h.kind === 'sqlite' ? TARGETS[0] : TARGETS[1];
      expect(await diffDatabaseToSchema(target, h.databaseUrl)).toBe('');
      const dir = h.kind === 'sqlite' ? MIGRATIONS_DIRS.sqlite : MIGRATIONS_DIRS.postgres;
      const outcome = await h.applyMigrations(dir);
      expect(outcome.applied).toEqual([]);
      expect(outcome.alreadyApplied.length).toBeGreaterThan(0);
    });

    it('migrations: applies only a new migration, in order, and records it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'tracegate-mig-'));
      try {
        cpSync(h.kind === 'sqlite' ? MIGRATIONS_DIRS.sqlite : MIGRATIONS_DIRS.postgres, dir, { recursive: true });
        for (const [name, sql] of [
          ['29990101000000_b', 'CREATE TABLE contract_b (id TEXT PRIMARY KEY);'],
          ['29990101000001_c', 'INSERT INTO contract_b (id) VALUES (\'x\');\nINSERT INTO contract_b (id) VALUES (\'y\');'],
        ] as const) {
          mkdirSync(join(dir, name));
          writeFileSync(join(dir, name, 'migration.sql'), sql);
        }
        expect((await h.applyMigrations(dir)).applied).toEqual(['29990101000000_b', '29990101000001_c']);
        expect((await h.applyMigrations(dir)).applied).toEqual([]);
        // A failing migration is rolled back and not recorded.
        mkdirSync(join(dir, '29990101000002_bad'));
        writeFileSync(join(dir, '29990101000002_bad', 'migration.sql'), 'INSERT INTO contract_b (id) VALUES (\'z\');\nINSERT INTO contract_b (id) VALUES (\'x\');');
        await expect(h.applyMigrations(dir)).rejects.toThrow();
        rmSync(join(dir, '29990101000002_bad'), { recursive: true });
        expect((await h.applyMigrations(dir)).applied).toEqual([]);
      } finally {
        await h.exec('DROP TABLE contract_b');
        await h.exec("DELETE FROM _prisma_migrations WHERE migration_name LIKE '2999%'");
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('migrations: refuses to start when a recorded checksum differs from the committed file', async () => {
      const init = loadMigrationFiles(h.kind === 'sqlite' ? MIGRATIONS_DIRS.sqlite : MIGRATIONS_DIRS.postgres)[0]!;
      await h.exec(`UPDATE _prisma_migrations SET checksum = 'deadbeef' WHERE migration_name = '${init.name}'`);
      try {
        const err = await openDatabase(h.databaseUrl).then(
          async (opened) => (await opened.close(), null),
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(MigrationHistoryError);
        expect(String(err)).toContain(`${init.name} was applied with checksum deadbeef`);
        expect(String(err)).toContain(init.checksum);
      } finally {
        await h.exec(`UPDATE _prisma_migrations SET checksum = '${init.checksum}' WHERE migration_name = '${init.name}'`);
      }
      const reopened = await openDatabase(h.databaseUrl);
      await reopened.close();
    });
  });
}
