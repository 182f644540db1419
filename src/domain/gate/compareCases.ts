/** Same-row comparison: scores both sides per case and classifies new/fixed failures and new/resolved blockers. */
import type { Case } from '../cases/CaseSchema.js';
import type { BlockerCode } from './blockers.js';
import type { CaseComparison, CaseComparisonStatus, RiskAcceptance } from './GateReport.js';
import type { GatePolicy } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { resolveThresholds } from './resolveThresholds.js';
import { scoreCase, type CaseScore } from './scoreCase.js';

/** Compares every case; acceptances waive candidate blockers of their case. */
export function compareCases(
  cases: readonly Case[],
  baseline: ReadonlyMap<string, OutputRecord>,
  candidate: ReadonlyMap<string, OutputRecord>,
  policy: GatePolicy,
  acceptances: readonly RiskAcceptance[],
): CaseComparison[] {
  const acceptedByCase = new Map<string, Set<string>>();
  for (const a of acceptances) {
    const set = acceptedByCase.get(a.caseId) ?? new Set<string>();
    set.add(a.blocker);
    acceptedByCase.set(a.caseId, set);
  }
  return cases.map((c) => {
    const thresholds = resolveThresholds(policy, c.riskTier, c.bucket);
    const baseRecord = baseline.get(c.id);
    const b = baseRecord ? scoreCase(c, baseRecord, { policy, thresholds }) : null;
    const accepted = acceptedByCase.get(c.id);
    const k = scoreCase(c, candidate.get(c.id), { policy, thresholds, ...(accepted ? { acceptedBlockers: accepted } : {}) });
    const paired = b !== null && k.status !== 'skipped';
    const newFailure = paired && b.passed && !k.passed;
    const fixed = paired && !b.passed && k.passed;
    const bCodes = new Set<BlockerCode>(b?.blockers.map((x) => x.code) ?? []);
    const kCodes = new Set<BlockerCode>(k.blockers.map((x) => x.code));
    return {
      caseId: c.id,
      bucket: c.bucket,
      riskTier: c.riskTier,
      tier: c.tier,
      gateGroup: c.gateGroup,
      expectedAction: c.expectedAction,
      status: statusOf(b, k, newFailure, fixed),
      newFailure,
      newBlockingFailure: newFailure && k.blocking.length > 0,
      fixed,
      riskAccepted: k.blockers.length > 0 && k.blockers.every((x) => k.accepted.includes(x.code)),
      baseline: b,
      candidate: k,
      newBlockers: b ? [...kCodes].filter((x) => !bCodes.has(x)) : [],
      resolvedBlockers: b ? [...bCodes].filter((x) => !kCodes.has(x)) : [],
    };
  });
}

function statusOf(b: CaseScore | null, k: CaseScore, newFailure: boolean, fixed: boolean): CaseComparisonStatus {
  if (k.status === 'skipped') return 'skipped';
  if (k.status === 'errored') return 'errored';
  if (!b) return 'baseline_missing';
  if (newFailure) return 'new_failure';
  if (fixed) return 'fixed';
  return k.passed ? 'still_passing' : 'still_failing';
}
