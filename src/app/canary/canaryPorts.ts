/** What the canary and drift use-cases need from storage (src/store/CanaryStore.ts implements it). */
import type { TraceObservation } from '../../domain/canary/TraceObservation.js';

/** A scored trace as the cohort windows take it. */
export interface WindowedTrace {
  traceId: string;
  /** '' when the trace reports none. */
  service: string;
  environment: string;
  /** Trace start, ms since the epoch: picks the window. */
  startMs: number;
  /** Cohort attribute -> value (always `service.version` when the trace has a release). */
  cohorts: Record<string, string>;
  observation: TraceObservation;
  /** Categories for the informational mixes (finishClass, tool, model, errorType). */
  categories: Record<string, string[]>;
}

/** A stored cohort window (summary still encoded). */
export interface CohortWindowRow {
  service: string;
  environment: string;
  cohortAttribute: string;
  cohort: string;
  windowStartMs: number;
  traces: number;
  firstSeenMs: number;
  summary: string;
}

/** Which windows to read: one project, a cohort attribute, some cohorts, a time range; null service/environment = any. */
export interface WindowQuery {
  projectId: string;
  service: string | null;
  environment: string | null;
  cohortAttribute: string;
  /** null = every cohort. */
  cohorts: string[] | null;
  fromMs: number;
  toMs?: number;
}

/** A canary as stored. */
export interface CanaryRecord {
  id: string;
  projectId: string;
  /** '' = any service / environment. */
  service: string;
  environment: string;
  baseline: string;
  canary: string;
  cohortAttribute: string;
  source: 'declared' | 'detected';
  /** Resolved policy JSON. */
  policy: string;
  policyVersion: string;
  status: 'active' | 'stopped';
  startedMs: number;
  stoppedMs: number | null;
  looks: number;
  /** CanaryRunState JSON, null before the first look. */
  state: string | null;
  verdict: string | null;
  final: boolean;
  lastEvaluatedMs: number | null;
}

/** One stored look. */
export interface EvaluationRecord {
  canaryId: string;
  look: number;
  evaluatedMs: number;
  verdict: string;
  final: boolean;
  /** The verdict JSON (CanaryVerdictJson). */
  result: string;
}

/** A drift state row. */
export interface DriftRecord {
  projectId: string;
  service: string;
  environment: string;
  metric: string;
  kind: 'rate' | 'latency' | 'mix';
  status: string;
  critical: boolean;
  /** Evidence JSON. */
  evidence: string;
  /** Detector state JSON. */
  state: string;
  updatedMs: number;
  /** Start of the judged window (ms); when set, the judgement is also kept in the window history. */
  windowStartMs?: number;
}

/**
 * How additions count: by default each trace counts once (under its trace id) and adds to `traces`; a later
 * addition of another kind (a judge score) counts once under its own key and leaves `traces` as it is.
 */
export interface WindowAddOptions {
  /** Prefixed to the trace id in the once-only record (e.g. `judge:`); '' for the trace itself. */
  countKeyPrefix?: string;
  /** Whether the addition counts as traces of the window (default true). */
  countsTraces?: boolean;
}

/** Canary, cohort-window and drift persistence. */
export interface CanaryStorePort {
  /** Adds traces not counted before to their cohort windows (one transaction); returns how many were new. */
  addToWindows(
    projectId: string, traces: readonly WindowedTrace[], windowMs: number, nowMs: number, encode: (prev: string | null, add: readonly WindowedTrace[]) => string,
    opts?: WindowAddOptions,
  ): Promise<number>;
  readWindows(q: WindowQuery): Promise<CohortWindowRow[]>;
  /** Scored traces per service, environment and cohort in the windows `q` selects (counts only: no summary is read). */
  cohortTraffic(q: WindowQuery): Promise<Array<{ service: string; environment: string; cohort: string; traces: number }>>;
  /** Cohorts of `cohortAttribute` with traffic since sinceMs, per project, service and environment. */
  recentCohorts(cohortAttribute: string, sinceMs: number): Promise<Array<{ projectId: string; service: string; environment: string; cohort: string; traces: number; firstSeenMs: number }>>;
  createCanary(c: Omit<CanaryRecord, 'id' | 'looks' | 'state' | 'verdict' | 'final' | 'lastEvaluatedMs' | 'stoppedMs' | 'status'>): Promise<CanaryRecord>;
  getCanary(id: string): Promise<CanaryRecord | null>;
  listCanaries(filter: { projectId?: string; status?: 'active' | 'stopped' }): Promise<CanaryRecord[]>;
  stopCanary(id: string, nowMs: number): Promise<CanaryRecord | null>;
  /** Stores look `look` (= previous looks + 1) and the new state; false when that look exists already (never repeated). */
  saveLook(canaryId: string, e: EvaluationRecord, state: string): Promise<boolean>;
  listEvaluations(canaryId: string, limit: number): Promise<EvaluationRecord[]>;
  saveDrift(rows: readonly DriftRecord[]): Promise<void>;
  listDrift(projectId?: string): Promise<DriftRecord[]>;
}
