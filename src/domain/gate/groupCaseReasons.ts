/** Groups a report's reasons per case: one entry per failing case with its blockers, reason codes and whether the failure is new. */
import type { BlockerCode } from './blockers.js';
import type { CaseComparison, GateReason, GateReasonCode, GateReport } from './GateReport.js';

/** One failing case as the terminal and Markdown reports list it. */
export interface CaseReasonLine {
  caseId: string;
  bucket: string;
  riskTier: string;
  /** new = passed in the baseline; pre-existing = already failing there; skipped/errored = no usable candidate output; unpaired = no baseline record. */
  origin: 'new' | 'pre-existing' | 'skipped' | 'errored' | 'unpaired';
  /** Candidate blockers that block (not risk-accepted), else every candidate blocker. */
  blockers: BlockerCode[];
  /** Reason codes naming this case (hard-fail rules as `hard_fail:RULE`). */
  codes: string[];
  /** The error of an errored candidate (e.g. `HTTP 500: ...`). */
  error: string | null;
  /** `action@N` when the candidate's action was inferred. */
  actionInferredBy: string | null;
}

/** Failing cases that block or newly fail, in report order: case reasons first, then other new failures. */
export function groupCaseReasons(report: GateReport): { cases: CaseReasonLine[]; other: GateReason[] } {
  const rows = new Map(report.cases.map((r) => [r.caseId, r]));
  const byCase = new Map<string, string[]>();
  const other: GateReason[] = [];
  for (const reason of report.reasons) {
    if (!reason.caseId) {
      other.push(reason);
      continue;
    }
    const codes = byCase.get(reason.caseId) ?? [];
    const code = reason.code === 'hard_fail' && reason.rule ? `hard_fail:${reason.rule}` : reason.code;
    if (!codes.includes(code)) codes.push(code);
    byCase.set(reason.caseId, codes);
  }
  for (const id of report.newFailures) if (!byCase.has(id)) byCase.set(id, [codeOfNewFailure(rows.get(id))]);
  const cases: CaseReasonLine[] = [];
  for (const [caseId, codes] of byCase) {
    const r = rows.get(caseId);
    if (r) cases.push(toLine(r, codes));
  }
  return { cases, other };
}

function codeOfNewFailure(r: CaseComparison | undefined): GateReasonCode {
  return r?.newBlockingFailure ? 'new_blocking_failures' : 'new_failures';
}

function toLine(r: CaseComparison, codes: string[]): CaseReasonLine {
  const k = r.candidate;
  const all = [...new Set(k.blockers.map((b) => b.code))];
  return {
    caseId: r.caseId,
    bucket: r.bucket,
    riskTier: r.riskTier,
    origin: originOf(r),
    blockers: k.blocking.length > 0 ? k.blocking : all.filter((c) => !k.accepted.includes(c)),
    codes,
    error: k.status === 'errored' ? (k.blockers[0]?.detail.replace(/^error: /, '') ?? null) : null,
    actionInferredBy: k.actionInferredBy,
  };
}

function originOf(r: CaseComparison): CaseReasonLine['origin'] {
  if (r.status === 'skipped' || r.status === 'errored') return r.status;
  if (!r.baseline) return 'unpaired';
  return r.baseline.passed ? 'new' : 'pre-existing';
}

/** `pet-insurance [missing-evidence-abstain, high] NEW: unsafe_compliance, behavior_mismatch (hard_fail:answer_when_abstain_expected, safety_critical_failed)`. */
export function formatCaseLine(l: CaseReasonLine): string {
  const origin = { new: 'NEW', 'pre-existing': 'pre-existing', skipped: 'skipped', errored: 'errored', unpaired: 'no baseline' }[l.origin];
  const what = l.error !== null ? l.error : l.blockers.join(', ') || 'score below the minimum';
  const inferred = l.actionInferredBy ? ` [action inferred by ${l.actionInferredBy}]` : '';
  return `${l.caseId} [${l.bucket}, ${l.riskTier}] ${origin}: ${what}${inferred} (${l.codes.join(', ')})`;
}
