/** Ports the use-cases depend on; src/store implements them for SQLite and PostgreSQL. */
import type { Attributes, WireEvent, WireLink } from '../../collectors/wireTypes.js';
import type { SpanContentInput, SpanFacts, TraceFacts, TraceSpanInput } from '../domain/facts/types.js';
import type { ReleaseStatsQuery, ReleaseStatsRows } from './stats/releaseStats.js';

/** A span row as stored (one per (traceId, spanId)). */
export interface SpanRow {
  projectId: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** Milliseconds since the epoch (fractional). */
  startMs: number;
  durationMs: number;
  statusCode: 0 | 1 | 2;
  statusMessage: string;
  serviceName: string | null;
  release: string | null;
  environment: string | null;
  attributes: Attributes;
  resource: Attributes;
  events: WireEvent[];
  links: WireLink[];
  scopeName: string;
  scopeVersion: string;
  facts: SpanFacts;
  /** The span's OTLP protobuf encoding when it arrived as protobuf (see WireSpan.raw); stores keep it as is. */
  raw?: { span: Uint8Array; resource: Uint8Array };
}

/** A content record from /v1/logs attached to a span. */
export interface ContentRow extends SpanContentInput {
  projectId: string;
  traceId: string;
}

/** Recomputes one trace's facts from all its stored spans and content (pure; supplied by the app). */
export type ComputeTraceFactsFn = (
  traceId: string,
  spans: TraceSpanInput[],
  content: SpanContentInput[],
) => TraceFacts;

/**
 * When a write computes trace facts, for a request committed in several slices: `defer` lists traces
 * whose facts this write leaves for later (their spans continue in a later slice of the same
 * request), `recompute` traces whose facts it recomputes from everything stored even when none of
 * their spans is new here (the request's deferred traces, at its end; also right after a retry).
 */
export interface FactsDirective {
  defer?: { projectId: string; traceId: string }[];
  recompute?: { projectId: string; traceId: string }[];
}

/** What a committed batch did. */
export interface WriteOutcome {
  /** Spans newly stored. */
  inserted: number;
  /** Spans already present ((traceId, spanId) existed): accepted, not duplicated. */
  duplicates: number;
  /** Trace ids whose facts were recomputed. */
  tracesUpdated: number;
}

/** A trace as listed (facts, no spans). */
export interface TraceSummary extends TraceFacts {
  projectId: string;
  /** Milliseconds since the epoch when the trace row was last updated. */
  updatedMs: number;
}

/** Filters for listing traces; times in ms since the epoch (start time of the trace). */
export interface TraceFilter {
  projectId: string;
  service?: string;
  release?: string;
  environment?: string;
  fromMs?: number;
  toMs?: number;
  /** Only traces with (true) or without (false) an error. */
  error?: boolean;
  /** 1..1000 */
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

/** The span store: bulk writes through the raw driver, reads for the query API. */
/** A batch a store encoded with prepareBatch: opaque to everyone else but for its size. */
export interface PreparedBatch {
  readonly spanCount: number;
  readonly contentCount: number;
}

export interface SpanStore {
  /**
   * Stores spans and content in ONE transaction, idempotent on (traceId, spanId), and recomputes the
   * facts of every affected trace inside it. Resolves only after the commit is durable.
   */
  writeBatch(
    batch: { spans: SpanRow[]; content: ContentRow[]; facts?: FactsDirective },
    computeTraceFacts: ComputeTraceFactsFn,
  ): Promise<WriteOutcome>;
  /**
   * How many writeBatch calls may be pending at once (default 1). A store that commits its writes in
   * call order on another thread sets 2, so the next batch is prepared while the previous one commits.
   */
  readonly maxPendingWrites?: number;
  /**
   * Optional two-step write (both or neither): prepareBatch encodes one request's rows as soon as
   * they arrive, so the decoded rows die young instead of waiting in the queue for their commit;
   * writePrepared then commits several prepared batches exactly as writeBatch would commit their
   * concatenation (one transaction, same outcome). A prepared batch may be written more than once
   * (the queue retries a failed group one batch at a time).
   */
  prepareBatch?(batch: { spans: SpanRow[]; content: ContentRow[]; facts?: FactsDirective }, computeTraceFacts: ComputeTraceFactsFn): PreparedBatch;
  writePrepared?(batches: PreparedBatch[], computeTraceFacts: ComputeTraceFactsFn): Promise<WriteOutcome>;
  /** Newest first (startMs desc, traceId desc); nextCursor null on the last page. */
  listTraces(filter: TraceFilter): Promise<{ traces: TraceSummary[]; nextCursor: string | null }>;
  /** A trace with its spans (ordered by startMs), or null when unknown to this project. */
  getTrace(projectId: string, traceId: string): Promise<{ trace: TraceSummary; spans: SpanRow[] } | null>;
  /** Whether this project has a trace with this id (cheap: the trace row only). */
  hasTrace(projectId: string, traceId: string): Promise<boolean>;
  /** Number of stored spans (for durability checks and metrics), optionally per project. */
  countSpans(projectId?: string): Promise<number>;
  /** Per service/release/time-bucket counts and latency histograms (the dashboard overview). */
  releaseStats?(query: ReleaseStatsQuery): Promise<ReleaseStatsRows>;
  close(): Promise<void>;
}

/** End-user feedback on a trace as submitted. */
export interface FeedbackInput {
  projectId: string;
  traceId: string;
  value: 'up' | 'down' | null;
  /** 0..1, null when only thumbs were given. */
  score: number | null;
  comment: string | null;
  userId: string | null;
}

/** Stored feedback. */
export interface FeedbackRecord extends FeedbackInput {
  id: string;
  createdAt: Date;
}

/** The control-plane operations the HTTP layer and CLI need (implemented with Prisma in src/store). */
export interface ControlPlane {
  createProject(name: string): Promise<{ id: string; name: string }>;
  createApiKey(projectId: string, key: { prefix: string; hash: string; name?: string | null }): Promise<{ id: string }>;
  findActiveKeyByHash(hash: string): Promise<{ keyId: string; projectId: string } | null>;
  countActiveKeys(): Promise<number>;
  saveFeedback(input: FeedbackInput): Promise<{ id: string; createdAt: Date }>;
  /** Resolves once the database answers a trivial query (readiness); rejects otherwise. */
  ping(): Promise<void>;
  listFeedback(projectId: string, traceId: string): Promise<FeedbackRecord[]>;
}
