/**
 * Bounded ingest queue with group commit, fair across projects. Requests enqueue decoded rows and
 * wait; one writer loop commits as many queued batches as fit in one transaction and then resolves
 * them all, so a request is acknowledged only after its spans are durably stored.
 *
 * Bounds: spans queued or being written (maxQueueSpans) and, per project, maxProjectQueueSpans, so
 * one project's big batch leaves room for the others. A large request reserves room piece by piece
 * (reserve(), waiting a bounded time) before it decodes each piece; a batch that can never fit is
 * refused PAYLOAD_TOO_LARGE, a full queue OVERLOADED (503 + Retry-After). Commit groups take
 * batches round-robin across projects, so a project's small batch never waits behind another
 * project's backlog.
 */
import { AppError } from '../AppError.js';
import type { ComputeTraceFactsFn, ContentRow, FactsDirective, PreparedBatch, SpanRow, SpanStore, WriteOutcome } from '../ports.js';

interface Job {
  projectId: string;
  /** The rows, or what the store's prepareBatch made of them (then spans/content are empty). */
  spans: SpanRow[];
  content: ContentRow[];
  /** The store's prepared batches (empty when the store has no prepareBatch). */
  prepared: PreparedBatch[];
  /** Facts directive of an unprepared job (a prepared batch carries its own). */
  facts?: FactsDirective;
  size: number;
  resolve: (outcome: WriteOutcome) => void;
  reject: (error: unknown) => void;
}

interface Waiter {
  projectId: string;
  size: number;
  grant: () => void;
}

/** Queue limits. */
export interface IngestQueueOptions {
  /** Spans waiting (queued plus being written, plus reserved) before enqueue refuses. */
  maxQueueSpans: number;
  /** Spans of one project waiting (queued, being written, reserved); default maxQueueSpans. */
  maxProjectQueueSpans?: number;
  /** Most spans merged into one transaction. */
  maxCommitSpans: number;
  /** Called after each commit attempt (for metrics and logs). */
  onCommit?: (info: { spans: number; jobs: number; ms: number; ok: boolean; outcome?: WriteOutcome; error?: unknown }) => void;
}

/**
 * A piece of a batch encoded by prepare(): the store's prepared batch, or the rows as they are (a
 * store without prepareBatch). Pieces enqueued together (enqueueParts) commit together.
 */
export type BatchPart =
  | { size: number; prepared: PreparedBatch }
  | { size: number; prepared: null; spans: SpanRow[]; content: ContentRow[]; facts?: FactsDirective };

/** Seconds a refused client is told to wait. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 1;

const projectOf = (spans: readonly SpanRow[], content: readonly ContentRow[], facts?: FactsDirective) =>
  spans[0]?.projectId ?? content[0]?.projectId ?? facts?.recompute?.[0]?.projectId ?? '';

export class IngestQueue {
  /** Queued jobs per project (FIFO each), projects in round-robin order (Map insertion order). */
  private readonly jobs = new Map<string, Job[]>();
  private queuedJobs = 0;
  private queuedSpans = 0;
  private writingSpans = 0;
  private reservedSpans = 0;
  /** Spans queued, being written or reserved, per project. */
  private readonly projectSpans = new Map<string, number>();
  private readonly waiters: Waiter[] = [];
  /** Commits handed to the store and not yet settled. */
  private pendingCommits = 0;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly store: SpanStore,
    private readonly computeTraceFacts: ComputeTraceFactsFn,
    private readonly options: IngestQueueOptions,
  ) {}

  /** Spans queued, being written or reserved right now. */
  get depthSpans(): number {
    return this.queuedSpans + this.writingSpans + this.reservedSpans;
  }

  private get maxProjectSpans(): number {
    return Math.min(this.options.maxProjectQueueSpans ?? this.options.maxQueueSpans, this.options.maxQueueSpans);
  }

  /** Whether `size` more spans of `projectId` fit now. */
  private fits(projectId: string, size: number): boolean {
    return this.depthSpans + size <= this.options.maxQueueSpans && (this.projectSpans.get(projectId) ?? 0) + size <= this.maxProjectSpans;
  }

  private tooLarge(size: number): AppError | null {
    if (size <= this.maxProjectSpans) return null;
    return new AppError('PAYLOAD_TOO_LARGE', `a batch of ${size} spans can never fit the ingest queue (at most ${this.maxProjectSpans} spans per project): split it`);
  }

  private overloaded(projectId: string): AppError {
    const project = this.projectSpans.get(projectId) ?? 0;
    const detail = project + 1 > this.maxProjectSpans ? `this project has ${project} spans waiting, limit ${this.maxProjectSpans}` : `${this.depthSpans} spans waiting, limit ${this.options.maxQueueSpans}`;
    return new AppError('OVERLOADED', `ingest queue is full (${detail})`, OVERLOAD_RETRY_AFTER_SECONDS);
  }

  private addProjectSpans(projectId: string, delta: number): void {
    const n = (this.projectSpans.get(projectId) ?? 0) + delta;
    if (n <= 0) this.projectSpans.delete(projectId);
    else this.projectSpans.set(projectId, n);
  }

  /**
   * Reserves room for `size` spans of `projectId`, waiting at most `waitMs` for it (waiters are
   * served round-robin across projects). The reservation is used by the next enqueue with
   * `{ reserved: true }`, or given back with release(). Throws PAYLOAD_TOO_LARGE (never fits),
   * OVERLOADED (no room in time) or UNAVAILABLE (closing).
   */
  reserve(projectId: string, size: number, waitMs: number): Promise<void> {
    if (this.closed) return Promise.reject(new AppError('UNAVAILABLE', 'the collector is shutting down', OVERLOAD_RETRY_AFTER_SECONDS));
    const tooLarge = this.tooLarge(size);
    if (tooLarge) return Promise.reject(tooLarge);
    const take = () => {
      this.reservedSpans += size;
      this.addProjectSpans(projectId, size);
    };
    if (!this.hasWaiter(projectId) && this.fits(projectId, size)) {
      take();
      return Promise.resolve();
    }
    if (waitMs <= 0) return Promise.reject(this.overloaded(projectId));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        projectId,
        size,
        grant: () => {
          clearTimeout(timer);
          take();
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(this.overloaded(projectId));
        this.grantWaiters();
      }, waitMs);
      this.waiters.push(waiter);
    });
  }

  /** Whether a reservation of `projectId` is waiting (its later batches queue behind it). */
  private hasWaiter(projectId: string): boolean {
    return this.waiters.some((w) => w.projectId === projectId);
  }

  /** Gives back a reservation that will not be enqueued. */
  release(projectId: string, size: number): void {
    this.reservedSpans -= size;
    this.addProjectSpans(projectId, -size);
    this.grantWaiters();
  }

  /** Grants waiting reservations that fit, one per project in turn (round-robin). */
  private grantWaiters(): void {
    let granted = true;
    while (granted && this.waiters.length > 0) {
      granted = false;
      const served = new Set<string>();
      for (let i = 0; i < this.waiters.length; ) {
        const w = this.waiters[i]!;
        if (served.has(w.projectId)) {
          i++;
          continue;
        }
        served.add(w.projectId);
        if (this.fits(w.projectId, w.size)) {
          this.waiters.splice(i, 1);
          w.grant();
          granted = true;
        } else i++;
      }
    }
  }

  /**
   * Resolves once the batch is committed; throws PAYLOAD_TOO_LARGE (can never fit), OVERLOADED
   * (queue full) or UNAVAILABLE (closing, store failure). With `reserved`, the room was reserved
   * with reserve() for exactly this batch's size.
   */
  enqueue(spans: SpanRow[], content: ContentRow[] = [], options: { reserved?: boolean; facts?: FactsDirective } = {}): Promise<WriteOutcome> {
    const facts = options.facts;
    const projectId = projectOf(spans, content, facts);
    const size = spans.length + content.length;
    const refused = this.refuse(projectId, size, options.reserved === true, facts?.recompute?.length ?? 0);
    if (refused) return refused;
    let part: BatchPart;
    try {
      part = this.prepare(spans, content, facts);
    } catch (error) {
      if (options.reserved) this.release(projectId, size);
      return Promise.reject(error);
    }
    return this.push(projectId, [part], size, options.reserved === true);
  }

  /**
   * Encodes rows for the store now (its prepareBatch), to be enqueued later with enqueueParts: a
   * large batch is prepared piece by piece (the caller may yield between pieces) and still commits
   * as one batch. Throws what prepareBatch throws.
   */
  prepare(spans: SpanRow[], content: ContentRow[] = [], facts?: FactsDirective): BatchPart {
    const size = spans.length + content.length;
    if (!this.store.prepareBatch || !this.store.writePrepared) return { size, prepared: null, spans, content, ...(facts ? { facts } : {}) };
    return { size, prepared: this.store.prepareBatch(facts ? { spans, content, facts } : { spans, content }, this.computeTraceFacts) };
  }

  /** enqueue() of the pieces `parts` of one batch of `projectId`: they commit in one group. */
  enqueueParts(projectId: string, parts: readonly BatchPart[], options: { reserved?: boolean } = {}): Promise<WriteOutcome> {
    const size = parts.reduce((n, p) => n + p.size, 0);
    const recompute = parts.reduce((n, p) => n + (p.prepared === null ? (p.facts?.recompute?.length ?? 0) : 0), 0);
    const refused = this.refuse(projectId, size, options.reserved === true, recompute || (parts.some((p) => p.prepared !== null) ? 1 : 0));
    return refused ?? this.push(projectId, parts, size, options.reserved === true);
  }

  /** The answer to a batch that is not queued (closing, nothing to write, no room), or null to queue it. */
  private refuse(projectId: string, size: number, reserved: boolean, recomputes: number): Promise<WriteOutcome> | null {
    if (this.closed) {
      if (reserved) this.release(projectId, size);
      return Promise.reject(new AppError('UNAVAILABLE', 'the collector is shutting down', OVERLOAD_RETRY_AFTER_SECONDS));
    }
    if (size === 0 && recomputes === 0) return Promise.resolve({ inserted: 0, duplicates: 0, tracesUpdated: 0 });
    if (!reserved) {
      const tooLarge = this.tooLarge(size);
      if (tooLarge) return Promise.reject(tooLarge);
      if (this.hasWaiter(projectId) || !this.fits(projectId, size)) return Promise.reject(this.overloaded(projectId));
    }
    return null;
  }

  /** Queues one job made of `parts` (prepared ones, or rows merged into one unprepared batch). */
  private push(projectId: string, parts: readonly BatchPart[], size: number, reserved: boolean): Promise<WriteOutcome> {
    const prepared: PreparedBatch[] = [];
    const job: Pick<Job, 'spans' | 'content' | 'prepared' | 'facts'> = { spans: [], content: [], prepared };
    for (const part of parts) {
      if (part.prepared !== null) {
        prepared.push(part.prepared);
        continue;
      }
      job.spans = job.spans.length === 0 ? part.spans : job.spans.concat(part.spans);
      job.content = job.content.length === 0 ? part.content : job.content.concat(part.content);
      if (part.facts) job.facts = mergeFacts(job.facts, part.facts);
    }
    return new Promise<WriteOutcome>((resolve, reject) => {
      const list = this.jobs.get(projectId);
      const entry: Job = { ...job, projectId, size, resolve, reject };
      if (list) list.push(entry);
      else this.jobs.set(projectId, [entry]);
      this.queuedJobs++;
      this.queuedSpans += size;
      if (reserved) this.reservedSpans -= size;
      else this.addProjectSpans(projectId, size);
      this.pump();
    });
  }

  /** Stops accepting and waits until everything queued is committed (or failed). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pendingCommits === 0 && this.queuedJobs === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** The next commit group: one batch per project in turn, until maxCommitSpans (a bigger batch goes alone). */
  private takeGroup(): { group: Job[]; spans: number } {
    const group: Job[] = [];
    let spans = 0;
    while (this.queuedJobs > 0) {
      const [projectId, list] = this.jobs.entries().next().value as [string, Job[]];
      const size = list[0]!.size;
      if (group.length > 0 && spans + size > this.options.maxCommitSpans) break;
      group.push(list.shift()!);
      this.queuedJobs--;
      spans += size;
      // The project goes to the back of the rotation (or leaves it when it has nothing queued).
      this.jobs.delete(projectId);
      if (list.length > 0) this.jobs.set(projectId, list);
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
    while (this.queuedJobs > 0 && this.pendingCommits < depth) {
      const { group, spans } = this.takeGroup();
      this.pendingCommits++;
      void this.commitGroup(group).finally(() => {
        this.writingSpans -= spans;
        for (const job of group) this.addProjectSpans(job.projectId, -job.size);
        this.pendingCommits--;
        this.grantWaiters();
        this.pump();
        if (this.pendingCommits === 0 && this.queuedJobs === 0) for (const waiter of this.idleWaiters.splice(0)) waiter();
      });
    }
  }

  private write(group: Job[]): Promise<WriteOutcome> {
    const prepared = group.flatMap((job) => job.prepared);
    if (prepared.length > 0 && this.store.writePrepared) return this.store.writePrepared(prepared, this.computeTraceFacts);
    const spans = group.length === 1 ? group[0]!.spans : group.flatMap((job) => job.spans);
    const content = group.length === 1 ? group[0]!.content : group.flatMap((job) => job.content);
    // Unprepared jobs compute every trace's facts now (nothing deferred); forced recomputes still run.
    const recompute = group.flatMap((job) => job.facts?.recompute ?? []);
    return this.store.writeBatch(recompute.length > 0 ? { spans, content, facts: { recompute } } : { spans, content }, this.computeTraceFacts);
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

/** Two facts directives as one (their defer and recompute lists joined). */
function mergeFacts(a: FactsDirective | undefined, b: FactsDirective): FactsDirective {
  if (!a) return b;
  return { defer: [...(a.defer ?? []), ...(b.defer ?? [])], recompute: [...(a.recompute ?? []), ...(b.recompute ?? [])] };
}
