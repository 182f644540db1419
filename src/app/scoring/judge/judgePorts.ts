/** What the judge stores: calls, per-trace judge status, human labels. Implemented in src/store. */
import type { ScoreResult } from '../../../domain/scoring/types.js';
import type { JudgeStatus, TraceKey } from '../scoringPorts.js';

/** A scored trace waiting for the judge's decision. */
export interface JudgeCandidate extends TraceKey {
  factsJson: string;
  negativeFeedback: boolean;
  flags: string[];
}

/** One stored judge call. */
export interface JudgeCallRecord extends TraceKey {
  id: string;
  model: string;
  rubricId: string;
  rubricVersion: number;
  promptHash: string;
  score: number | null;
  label: string | null;
  explanation: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  latencyMs: number;
  error: string | null;
  createdMs: number;
}

/** A human label (calibration set). */
export interface HumanLabel extends TraceKey {
  rubricId: string;
  label: string;
  labeller: string;
  comment: string | null;
  createdMs: number;
}

/** Judge label vs human label for one trace, per judge version (model, rubric@version). */
export interface AgreementRow {
  model: string;
  rubricId: string;
  rubricVersion: number;
  judge: string;
  human: string;
}

export interface JudgeStore {
  /** Scored traces (at their current update) with no judge status yet, oldest first. */
  pendingJudge(limit: number): Promise<JudgeCandidate[]>;
  /** USD spent on judge calls since `sinceMs`. */
  judgeSpendSince(sinceMs: number): Promise<number>;
  /** Traces judged (status judged) since `sinceMs`, outside the always stratum. */
  judgedSince(sinceMs: number): Promise<number>;
  saveJudgeCall(call: JudgeCallRecord): Promise<void>;
  setJudgeStatus(key: TraceKey, status: JudgeStatus, reason: string | null, scores: ScoreResult[], atMs: number): Promise<void>;
  saveLabels(labels: readonly HumanLabel[]): Promise<number>;
  /** The project's latest successful call per (trace, model, rubric version) joined with its human labels of the same rubric. */
  agreementRows(projectId: string): Promise<AgreementRow[]>;
  /** Judge versions seen in the project's calls (also those without labels). */
  judgeVersions(projectId: string): Promise<Array<{ model: string; rubricId: string; rubricVersion: number; calls: number; errors: number; costUsd: number }>>;
}
