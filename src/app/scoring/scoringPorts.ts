/** What scoring stores: per-trace scoring state and scores, keyed by (projectId, traceId). Implemented in src/store. */
import type { TraceFilter, TraceSummary } from '../ports.js';
import type { ScoreResult, ScoringSpan, TraceScoring } from '../../domain/scoring/types.js';

/** A trace's identity everywhere in scoring. */
export interface TraceKey {
  projectId: string;
  traceId: string;
}

/** A claimed trace as loaded for scoring (spans in start order); `trace.updatedMs` is what the result will record. */
export interface ScoringTrace {
  trace: TraceSummary;
  spans: ScoringSpan[];
  /** Why some stored spans could not be read (a corrupt chunk); `spans` holds the rest. Absent when all were read. */
  unreadable?: string;
}

/** Result of scoring one trace, to save. */
export interface SavedScoring extends TraceKey {
  /** traces.updated_ms at load time: a later update re-opens the trace. */
  traceUpdatedMs: number;
  scoredMs: number;
  scoring: TraceScoring;
}

/** Scoring status as shown: `waiting` until quiet and scored, then `scored`. */
export type ScoringStatus = 'waiting' | 'scored';
/** Judge status: `judged` or why not. */
export type JudgeStatus = 'judged' | 'sampled_out' | 'over_budget' | 'no_content' | 'error';

/** The scoring part of a trace as the API shows it. */
export interface TraceScoringView {
  status: ScoringStatus;
  reason: string;
  action: TraceScoring['action'] | null;
  actionSource: TraceScoring['actionSource'] | null;
  actionReason: string | null;
  flags: string[];
  scores: ScoreResult[];
  judge: { status: JudgeStatus; reason: string | null } | null;
  scoredAt: string | null;
}

/** Trace filters plus scoring ones. */
export interface ScoredTraceFilter extends TraceFilter {
  action?: string;
  flag?: string;
  scoring?: ScoringStatus | JudgeStatus;
}

export interface ScoringStore {
  /**
   * Claims up to `limit` traces that are quiet (updated at or before quietCutoffMs) and not scored at
   * their current update, and not leased by another live claim; leases them to `holder` until
   * nowMs + leaseMs. PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one BEGIN IMMEDIATE transaction.
   */
  claimTraces(o: { holder: string; nowMs: number; quietCutoffMs: number; leaseMs: number; limit: number }): Promise<TraceKey[]>;
  /** Facts and spans of claimed traces (missing ones are left out; spans that cannot be read are reported, never thrown). */
  loadTraces(keys: readonly TraceKey[]): Promise<ScoringTrace[]>;
  /** Saves results of traces this holder still leases and clears the lease; returns how many were saved. */
  saveScoring(holder: string, results: readonly SavedScoring[]): Promise<number>;
  /** Gives up claims (after a failure) so another run may take them at once. */
  releaseClaims(holder: string, keys: readonly TraceKey[]): Promise<void>;
  /** Scoring of one trace (`waiting` when not scored at its current update). */
  getScoring(projectId: string, traceId: string): Promise<TraceScoringView>;
  /** Lists traces like SpanStore.listTraces, filtered by scoring too, each with its scoring. */
  listTraces(filter: ScoredTraceFilter): Promise<{ traces: Array<TraceSummary & { scoring: TraceScoringView }>; nextCursor: string | null }>;
  /** How many times each trace was scored (diagnostics and tests). */
  scoreCounts(projectId?: string): Promise<Map<string, number>>;
}
