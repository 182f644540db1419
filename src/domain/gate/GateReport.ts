/** The gate's result: what the JSON report contains (field names are a contract) and the Markdown/terminal renderers read. */
import type { CaseTier, RiskTier } from '../cases/CaseSchema.js';
import type { BlockerCode } from './blockers.js';
import type { McNemarResult } from './computeMcNemar.js';
import type { RefusalPanel } from './computeRefusalPanel.js';
import type { CaseScore } from './scoreCase.js';

/** A rate with its exact parts; `value` is null when `den` is 0. */
export interface Rate {
  num: number;
  den: number;
  value: number | null;
}

/** An explicit risk acceptance (`--accept-risk CASE_ID:BLOCKER --owner NAME --reason TEXT`). */
export interface RiskAcceptance {
  caseId: string;
  /** A blocker code, or "*" for every blocker of the case. */
  blocker: BlockerCode | '*';
  owner: string;
  reason: string;
}

/** A risk acceptance as recorded: `applied` is false when the case had no such blocker in the candidate. */
export interface RecordedAcceptance extends RiskAcceptance {
  applied: boolean;
}

/** How a case compares between the two sides. */
export type CaseComparisonStatus =
  | 'new_failure'
  | 'fixed'
  | 'still_failing'
  | 'still_passing'
  | 'skipped'
  | 'errored'
  | 'baseline_missing';

/** One case of the comparison. */
export interface CaseComparison {
  caseId: string;
  bucket: string;
  riskTier: RiskTier;
  tier: CaseTier;
  gateGroup: string;
  expectedAction: string;
  status: CaseComparisonStatus;
  /** Passed in baseline, not in candidate (both sides present). */
  newFailure: boolean;
  /** A new failure whose candidate side carries a blocking blocker. */
  newBlockingFailure: boolean;
  fixed: boolean;
  /** Every candidate blocker of the case is covered by a risk acceptance: the case is set aside from rates and counts. */
  riskAccepted: boolean;
  /** Null when the baseline has no record for the case. */
  baseline: CaseScore | null;
  candidate: CaseScore;
  newBlockers: BlockerCode[];
  resolvedBlockers: BlockerCode[];
}

/** Per-bucket summary over trusted cases. */
export interface BucketSummary {
  bucket: string;
  riskTier: RiskTier;
  cases: number;
  baselinePassRate: Rate;
  candidatePassRate: Rate;
  behaviorMatchRate: Rate;
  newFailures: number;
  fixedFailures: number;
  newBlockingFailures: number;
  mcnemar: McNemarResult;
  /** Mean of the candidate's case scores (exact parts). */
  averageScore: Rate;
  /** Cases whose candidate side has a blocking blocker. */
  blockerCases: number;
  /** Thresholds applied (strictest over the bucket's cases), as written in the policy. */
  thresholds: {
    minBucketPassRate: string;
    minBehaviorMatchRate: string;
    minCaseScore: string;
    minBucketAverageScore: string;
    maxBucketBlockers: number | null;
    maxNewFailures: number;
    maxNewBlockingFailures: number;
    failOnAnyBlocker: boolean;
  };
  decision: 'pass' | 'fail';
  reasons: string[];
}

/** Per-blocker counts over trusted cases (new/resolved on paired cases). */
export interface BlockerSummary {
  blocker: BlockerCode;
  baseline: number;
  candidate: number;
  new: number;
  resolved: number;
}

/** Reason codes: why the gate blocks (a closed set; decisions never parse messages). */
export type GateReasonCode =
  | 'hard_fail'
  | 'safety_critical_failed'
  | 'bucket_pass_rate'
  | 'bucket_average_score'
  | 'bucket_blockers'
  | 'behavior_match_rate'
  | 'new_failures'
  | 'new_blocking_failures'
  | 'fail_on_any_blocker'
  | 'significant_regression'
  | 'incomplete_candidate';

/** Why the gate blocks. */
export interface GateReason {
  code: GateReasonCode;
  message: string;
  caseId?: string;
  bucket?: string;
  blocker?: BlockerCode;
  rule?: string;
  /** For a case's reason: the case already failed in the baseline (the failure is not new). */
  preExisting?: boolean;
}

/** The whole report. */
export interface GateReport {
  reportVersion: 1;
  generatedAt: string;
  decision: 'ship' | 'block';
  reasons: GateReason[];
  dataset: { file: string; version: string; cases: number; selected: number; only: string | null };
  policy: { version: string; source: string };
  baseline: { source: string };
  candidate: { source: string };
  summary: {
    trustedCases: number;
    monitoringCases: number;
    pairedCases: number;
    newFailures: number;
    fixedFailures: number;
    newBlockingFailures: number;
    skipped: number;
    errored: number;
    /** Trusted cases set aside by risk acceptances. */
    riskAccepted: number;
    baselinePassRate: Rate;
    candidatePassRate: Rate;
  };
  newBlockingFailures: { caseId: string; bucket: string; riskTier: RiskTier; blockers: BlockerCode[] }[];
  newFailures: string[];
  fixedFailures: string[];
  buckets: BucketSummary[];
  blockers: BlockerSummary[];
  refusalPanel: { baseline: RefusalPanel; candidate: RefusalPanel };
  mcnemar: McNemarResult;
  missing: { baseline: string[]; candidate: string[]; notInDataset: { baseline: string[]; candidate: string[] } };
  riskAcceptances: RecordedAcceptance[];
  warnings: string[];
  cases: CaseComparison[];
}
