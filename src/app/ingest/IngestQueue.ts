/**
 * Bounded ingest queue with group commit. Requests enqueue decoded rows and wait; one writer loop
 * commits as many queued batches as fit in one transaction and then resolves them all, so a request
 * is acknowledged only after its spans are durably stored. A full queue says no at once (OVERLOADED).
 */
import { AppError } from '../AppError.js';
import type { ComputeTraceFactsFn, ContentRow, PreparedBatch, SpanRow, SpanStore, WriteOutcome } from '../ports.js';

interface Job {
  /** The rows, or what the store's prepareBatch made of them (then spans/content are empty). */
  spans: SpanRow[];
  content: ContentRow[];
  prepared: PreparedBatch | null;
  size: number;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

/** Queue limits. */
export interface IngestQueueOptions {
  /** Spans waiting (queued plus being written) before enqueue refuses. */
  maxQueueSpans: number;
  /** Most spans merged into one transaction. */
  maxCommitSpans: number;
  /** Called after each commit attempt (for metrics and logs). */
  onCommit?: (info: { spans: number; jobs: number; ms: number; ok: boolean; outcome?: WriteOutcome; error?: unknown }) => void;
}

/** Seconds a refused client is told to wait. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

export class IngestQueue {
  private readonly jobs: Job[] = [];
  private queuedSpans = 0;
  private writingSpans = 0;
  /** Commits handed to the store and not yet settled. */
  private pendingCommits = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly store: SpanStore,
    private readonly computeTraceFacts: ComputeTraceFactsFn,
    private readonly options: IngestQueueOptions,
  ) {}

  /** Spans queued or being written right now. */
  get depthSpans(): number {
    return this.queuedSpans + this.writingSpans;
  }

  /** Resolves once the batch is committed; throws OVERLOADED (queue full) or UNAVAILABLE (closing, store failure). */
  enqueue(spans: SpanRow[], content: ContentRow[] = []): Promise<WriteOutcome> {
    if (this.closed) return Promise.reject(new AppError('UNAVAILABLE', 'the collector is shutting down', OVERLOAD_RETRY_AFTER_SECONDS));
    const size = spans.length + content.length;
    if (size === 0) return Promise.resolve({ inserted: 0, duplicates: 0, tracesUpdated: 0 });
    // An oversized single batch is still admitted into an empty queue so it can never starve forever.
    if (this.depthSpans > 0 && this.depthSpans + size > this.options.maxQueueSpans) {
      return Promise.reject(
        new AppError('OVERLOADED', `ingest queue is full (${this.depthSpans} spans waiting, limit ${this.options.maxQueueSpans})`, OVERLOAD_RETRY_AFTER_SECONDS),
      );
    }
    let prepared: PreparedBatch | null = null;
    if (this.store.prepareBatch && this.store.writePrepared) {
      try {
        prepared = this.store.prepareBatch({ spans, content }, this.computeTraceFacts);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    const job = prepared ? { spans: [], content: [], prepared, size } : { spans, content, prepared, size };
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.jobs.push({ ...job, resolve, reject });
      this.queuedSpans += size;
      this.pump();
    });
  }

  /** Stops accepting and waits until everything queued is committed (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pendingCommits === 0 && this.jobs.length === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private takeGroup(): { group: Job[]; spans: number } {
    const group: Job[] = [];
    let spans = 0;
    while (this.jobs.length > 0) {
      const size = this.jobs[0]!.size;
      if (group.length > 0 && spans + size > this.options.maxCommitSpans) break;
      group.push(this.jobs.shift()!);
      spans += size;
    }
    this.queuedSpans -= spans;
    this.writingSpans += spans;
    return { group, spans };
  }

  /**
   * Starts commits while batches wait and fewer than store.maxPendingWrites (default 1) are pending.
   * Batches that arrive while the store is busy queue up and go together in the next group.
   */
  private pump(): void {
    const depth = Math.max(1, this.store.maxPendingWrites ?? 1);
    while (this.jobs.length > 0 && this.pendingCommits < depth) {
      const { group, spans } = this.takeGroup();
      this.pendingCommits++;
      void this.commitGroup(group).finally(() => {
        this.writingSpans -= spans;
        this.pendingCommits--;
        this.pump();
        if (this.pendingCommits === 0 && this.jobs.length === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
      });
    }
  }

  private write(group: Job[]): Promise<WriteOutcome> {
    const prepared = group.map((job) => job.prepared).filter((p) => p !== null);
    if (prepared.length > 0 && this.store.writePrepared) return this.store.writePrepared(prepared, this.computeTraceFacts);
    const spans = group.length === 1 ? group[0]!.spans : group.flatMap((job) => job.spans);
    const content = group.length === 1 ? group[0]!.content : group.flatMap((job) => job.content);
    return this.store.writeBatch({ spans, content }, this.computeTraceFacts);
  }

  private async commitGroup(group: Job[]): Promise<void> {
    const spans = group.reduce((n, job) => n + job.size, 0);
    const started = performance.now();
    try {
      const outcome = await this.write(group);
      this.options.onCommit?.({ spans, jobs: group.length, ms: performance.now() - started, ok: true, outcome });
      for (const job of group) job.resolve(outcome);
    } catch (error) {
      this.options.onCommit?.({ spans, jobs: group.length, ms: performance.now() - started, ok: false, error });
      if (group.length > 1) {
        // One bad batch must not fail its neighbours: retry each alone.
        for (const job of group) await this.commitGroup([job]);
        return;
      }
      group[0]!.reject(new AppError('UNAVAILABLE', 'the span store could not commit this batch; retry later', OVERLOAD_RETRY_AFTER_SECONDS));
    }
  }
}
