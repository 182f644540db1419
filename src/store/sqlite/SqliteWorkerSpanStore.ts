/**
 * SpanStore on SQLite whose writes run on a worker thread (spanWriterWorker.ts, its own connection),
 * so the SQLite commit and the trace-fact recomputation no longer block the event loop: HTTP, body
 * decoding and span facts keep one core busy while the commit uses the other. Reads stay on the
 * main-thread connection (WAL readers see every commit that was acknowledged before they start).
 *
 * Batches are encoded once here (span chunks in one transferred buffer, src/store/chunkBatch.ts) and posted; writeBatch resolves
 * only after the worker reports COMMIT. If the worker dies, pending writes reject (the ingest queue
 * answers 503) and the next write starts a new worker; SQLite rolls back the unfinished transaction.
 *
 * The worker always computes trace facts with the domain's computeTraceFacts: a function cannot be
 * posted to a thread. writeBatch called with any OTHER computeTraceFacts (tests, tools) is committed
 * on the main-thread connection instead, so the port's contract holds for every caller (SQLite
 * serializes the two writers; that path blocks the event loop like SqliteSpanStore does).
 */
import type { ReleaseStatsQuery, ReleaseStatsRows } from '../../app/stats/releaseStats.js';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { ComputeTraceFactsFn, PreparedBatch, SpanRow, SpanStore, TraceFilter, TraceSummary, WriteOutcome } from '../../app/ports.js';
import { computeTraceFacts as domainComputeTraceFacts } from '../../domain/facts/index.js';
import { ChunkedSpanStore, isEmptyWrite, NOTHING_WRITTEN, type ChunkBatch } from '../chunkBatch.js';
import { readSqliteDurability, type SqliteDurability, type SqliteSynchronous } from './openSqliteConnection.js';
import { SqliteSpanStore } from './SqliteSpanStore.js';

/** What the worker is started with. */
export interface SpanWriterWorkerData {
  path: string;
  synchronous: SqliteSynchronous;
}
/** Main thread -> worker. */
export type SpanWriterRequest = { type: 'write'; id: number; batches: ChunkBatch[] } | { type: 'durability'; id: number } | { type: 'close' };
/** Worker -> main thread. */
export type SpanWriterReply =
  | { type: 'ready' }
  | { type: 'committed'; id: number; outcome: WriteOutcome }
  | { type: 'durability'; id: number; durability: SqliteDurability }
  | { type: 'failed'; id: number; message: string; code: string | null };

/** Options of SqliteWorkerSpanStore.open. */
export interface SqliteWorkerSpanStoreOptions extends SpanWriterWorkerData {
  /** The main-thread connection: reads, and writes with a non-domain computeTraceFacts; closed by close(). */
  reader: BetterSqlite3.Database;
  /** Absolute path of the worker module; default spanWriterWorker.ts next to this file (tests substitute one). */
  workerPath?: string;
}

interface WriterThread {
  worker: Worker;
  pending: Map<number, { resolve: (outcome: WriteOutcome) => void; reject: (error: Error) => void }>;
  /** durability() requests waiting for their answer. */
  probes: Map<number, (durability: SqliteDurability) => void>;
  /** Called once no write is pending. */
  idleWaiters: Array<() => void>;
  ready: Promise<void>;
  exited: Promise<void>;
}

/** Milliseconds close() waits for the worker to finish before terminating it. */
const CLOSE_TIMEOUT_MS = 10_000;
const TSX_CJS_API = createRequire(import.meta.url).resolve('tsx/cjs/api');
const DEFAULT_WORKER_PATH = fileURLToPath(new URL('./spanWriterWorker.ts', import.meta.url));

/** The SQLite span store with a worker-thread writer. */
export class SqliteWorkerSpanStore extends ChunkedSpanStore implements SpanStore {
  /** The worker commits in posting order: the next batch is encoded while the previous one commits. */
  readonly maxPendingWrites = 2;
  /** The store on the main-thread connection. */
  private readonly mainThread: SqliteSpanStore;
  private writer: WriterThread | null = null;
  private nextId = 1;
  private closing: Promise<void> | null = null;

  private constructor(private readonly options: SqliteWorkerSpanStoreOptions) {
    super();
    this.mainThread = new SqliteSpanStore(options.reader);
  }

  /** Starts the writer thread and resolves once its connection is open (rejects if it cannot open). */
  static async open(options: SqliteWorkerSpanStoreOptions): Promise<SqliteWorkerSpanStore> {
    const store = new SqliteWorkerSpanStore(options);
    const thread = store.startWriter();
    try {
      await thread.ready;
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /** Commits on the worker when `computeTraceFacts` is the domain's (the service's case), else on the main thread. */
  async writePrepared(prepared: PreparedBatch[], computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome> {
    const batches = prepared as ChunkBatch[];
    if (isEmptyWrite(batches)) return { ...NOTHING_WRITTEN };
    if (this.closing) throw new Error('the span store is closed');
    if (computeTraceFacts !== domainComputeTraceFacts) return this.mainThread.writePrepared(batches, computeTraceFacts);
    const thread = (this.writer ??= this.startWriter());
    return new Promise<WriteOutcome>((resolve, reject) => {
      const id = this.nextId++;
      thread.pending.set(id, { resolve, reject });
      if (thread.pending.size === 1) thread.worker.ref(); // keep the process alive until it answers
      // Cloned, not transferred: the queue may retry a prepared batch after a failed commit. The
      // clone of the byte buffers is a memcpy (~1 KB per span).
      thread.worker.postMessage({ type: 'write', id, batches } satisfies SpanWriterRequest);
    });
  }

  /**
   * journal_mode and synchronous of both connections, read from SQLite: the worker's (every span
   * write commits there) and the main thread's (reads, migrations).
   */
  async durability(): Promise<{ writer: SqliteDurability; reader: SqliteDurability }> {
    const thread = (this.writer ??= this.startWriter());
    await thread.ready;
    const id = this.nextId++;
    const writer = await new Promise<SqliteDurability>((resolve) => {
      thread.probes.set(id, resolve);
      thread.worker.postMessage({ type: 'durability', id } satisfies SpanWriterRequest);
    });
    return { writer, reader: readSqliteDurability(this.options.reader) };
  }

  listTraces(filter: TraceFilter): Promise<{ traces: TraceSummary[]; nextCursor: string | null }> {
    return this.mainThread.listTraces(filter);
  }

  releaseStats(query: ReleaseStatsQuery): Promise<ReleaseStatsRows> {
    return this.mainThread.releaseStats(query);
  }

  getTrace(projectId: string, traceId: string): Promise<{ trace: TraceSummary; spans: SpanRow[] } | null> {
    return this.mainThread.getTrace(projectId, traceId);
  }

  hasTrace(projectId: string, traceId: string): Promise<boolean> {
    return this.mainThread.hasTrace(projectId, traceId);
  }

  countSpans(projectId?: string): Promise<number> {
    return this.mainThread.countSpans(projectId);
  }

  /** Waits for pending writes, closes the worker's connection, stops the worker, closes the reader. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      const thread = this.writer;
      if (thread) {
        if (thread.pending.size > 0) await new Promise<void>((done) => thread.idleWaiters.push(done));
        thread.worker.postMessage({ type: 'close' } satisfies SpanWriterRequest);
        const timer = setTimeout(() => void thread.worker.terminate(), CLOSE_TIMEOUT_MS);
        await thread.exited;
        clearTimeout(timer);
      }
      await this.mainThread.close();
    })());
  }

  private startWriter(): WriterThread {
    const workerPath = this.options.workerPath ?? DEFAULT_WORKER_PATH;
    // Sources are TypeScript. On Node 20, ESM loader hooks (tsx's --import) do not apply inside
    // worker threads (nodejs/node#47747), but CommonJS require hooks do: the worker registers tsx's
    // CommonJS hook and requires the entry, under `tsx src/main.ts`, vitest and bin/tracegate.js alike.
    const bootstrap = `require(${JSON.stringify(TSX_CJS_API)}).register();\nrequire(${JSON.stringify(workerPath)});`;
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { path: this.options.path, synchronous: this.options.synchronous } satisfies SpanWriterWorkerData,
    });
    worker.unref(); // idle: referenced only while a write is pending
    const pending: WriterThread['pending'] = new Map();
    let markReady!: () => void;
    let failReady!: (error: Error) => void;
    const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
    ready.catch(() => {}); // observed by open(); a restarted writer reports through its pending writes
    const exited = new Promise<void>((done) => worker.once('exit', () => done()));
    const thread: WriterThread = { worker, pending, probes: new Map(), idleWaiters: [], ready, exited };
    const settled = () => {
      if (pending.size > 0) return;
      worker.unref();
      for (const done of thread.idleWaiters.splice(0)) done();
    };
    const failAll = (error: Error) => {
      failReady(error);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      settled();
      if (this.writer === thread) this.writer = null; // the next write starts a new worker
    };
    worker.on('message', (reply: SpanWriterReply) => {
      if (reply.type === 'ready') return markReady();
      if (reply.type === 'durability') {
        thread.probes.get(reply.id)?.(reply.durability);
        thread.probes.delete(reply.id);
        return;
      }
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      settled();
      if (reply.type === 'committed') p.resolve(reply.outcome);
      else p.reject(Object.assign(new Error(`span writer: ${reply.message}`), reply.code ? { code: reply.code } : {}));
    });
    worker.on('error', (error) => failAll(new Error(`span writer worker failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => failAll(new Error(`span writer worker exited (code ${code})`)));
    this.writer = thread;
    return thread;
  }
}
