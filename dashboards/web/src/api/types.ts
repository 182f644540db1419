/**
 * The JSON shapes the dashboard reads (docs/api.md). Shapes the server declares are imported from it
 * (type-only: nothing of the server is bundled); fields other areas add are optional here.
 */
import type { TraceSummaryJson } from '../../../../src/http/TraceSummaryJson.js';

import type { Action } from '../../../../src/domain/facts/types.js';

export type { Action };

export interface Score {
  name: string;
  version?: string | null;
  value: number | boolean | string | null;
  label?: string | null;
  reason?: string | null;
}

/**
 * A listed trace: the server's JSON shape (src/http/TraceSummaryJson.ts), plus the scoring overlay the
 * list and trace endpoints add once the trace is scored.
 */
export interface TraceSummary extends Omit<TraceSummaryJson, 'actionSource'> {
  /** `attribute` (set by the app), or the scorer that inferred the action; null before scoring. */
  actionSource: string | null;
  scores?: Score[];
  scoring?: { status: string; reason?: string | null } | null;
  flags?: Array<{ reason?: string | null; source?: string | null; createdAt?: string }>;
}

export type AttrValue = string | number | boolean | null | AttrValue[] | { [k: string]: AttrValue };

export interface Span {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  startTime: string;
  durationMs: number;
  status: { code: 'UNSET' | 'OK' | 'ERROR'; message: string };
  attributes: Record<string, AttrValue>;
  events: Array<{ timeUnixNano: string; name: string; attributes: Record<string, AttrValue> }>;
  links: Array<{ traceId: string; spanId: string; attributes: Record<string, AttrValue> }>;
  resource: Record<string, AttrValue>;
  scope: { name: string; version: string };
  operation: string;
  facts: {
    operation: string;
    toolName: string | null;
    isError: boolean;
    errorType: string | null;
    requestModel: string | null;
    responseModel: string | null;
    inputTokens: number | null;
    outputTokens: number | null;
    inputText: string | null;
    outputText: string | null;
    [k: string]: unknown;
  };
  warnings: string[];
}

export interface Feedback {
  id: string;
  value: 'up' | 'down' | null;
  score: number | null;
  comment: string | null;
  userId: string | null;
  createdAt: string;
}

export interface TraceDetail extends TraceSummary {
  feedback: Feedback[];
  spans: Span[];
}

export interface TracePage {
  traces: TraceSummary[];
  nextCursor: string | null;
}

export interface TraceListQuery {
  service?: string;
  release?: string;
  environment?: string;
  action?: string;
  flag?: string;
  error?: string;
  scoring?: string;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** GET /api/stats/releases: the server's JSON shapes (src/http/ReleaseStatsJson.ts). */
export type { ReleasePointJson as ReleasePoint, ReleaseSeriesJson as ReleaseSeries, ReleaseStatsJson as ReleaseStats } from '../../../../src/http/ReleaseStatsJson.js';

/** GET /api/drift/series: the server's shapes (src/app/canary/driftSeriesTypes.ts). */
export type { DriftGroup, DriftMetricSeries, DriftPoint, DriftSeries } from '../../../../src/app/canary/driftSeriesTypes.js';

export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | string;

export interface CanaryMetric {
  metric: string;
  verdict: Verdict;
  critical?: boolean;
  effect: number | null;
  interval: [number | null, number | null] | null;
  n: { baseline: number; canary: number };
  reason?: string | null;
  [k: string]: unknown;
}

export interface CanaryReport {
  verdict: Verdict;
  final?: boolean;
  baseline: string;
  canary: string;
  service?: string | null;
  environment?: string | null;
  policyVersion?: string | null;
  evaluatedAt?: string;
  metrics: CanaryMetric[];
  worstTraces: string[];
}

/** A list item of another area whose exact shape the dashboard renders generically. */
export type Row = Record<string, unknown>;

export interface ReviewSignal {
  flagId?: string;
  kind: string;
  source?: string | null;
  reason?: string | null;
  strength?: number | null;
  riskHint?: string | null;
  at?: string;
  [k: string]: unknown;
}

export interface ReviewItem {
  id: string;
  traceId: string;
  status: string;
  priority: number | string;
  /** Optimistic-concurrency version, sent back with a decision. */
  version?: number;
  signals: Array<ReviewSignal | string>;
  reviewer?: string | null;
  decidedAt?: string | null;
  caseId?: string | null;
  duplicateOf?: string | null;
  /** GET /api/review/:id only. */
  trace?: TraceSummary | null;
  nearDuplicates?: Row[];
  audit?: Row[];
  [k: string]: unknown;
}

export interface DatasetVersion {
  version: string;
  name: string | null;
  caseCount: number;
  previousVersion: string | null;
  changelog: { added: string[]; changed: string[]; removed: string[]; unchanged?: number } | null;
  createdAt?: string;
}

export interface ApproveLabels {
  action: Action;
  bucket: string;
  riskTier: string;
  reviewer: string;
  evidenceRegime?: 'retrieved' | 'tool-derived' | 'parametric' | 'unsupported';
  tags?: string[];
  referenceAnswer?: string;
  requiredFacts?: string[];
  forbiddenClaims?: string[];
  requiredCitations?: string[];
  requiredTools?: string[];
  tier?: 'trusted' | 'monitoring';
}
