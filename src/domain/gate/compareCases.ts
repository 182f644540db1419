/** Same-row comparison: scores both sides per case and classifies new/fixed failures and new/resolved blockers. */
import type { Case } from '../cases/CaseSchema.js';
import type { BlockerCode } from './blockers.js';
import type { CaseComparison, CaseComparisonStatus, RiskAcceptance } from './GateReport.js';
import type { GatePolicy } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { resolveThresholds } from './resolveThresholds.js';
import { scoreCase } from './scoreCase.js';

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
    const b = baseRecord ? scoreCase(c, baseRecord, policy, thresholds) : null;
    const k = scoreCase(c, candidate.get(c.id), policy, thresholds, acceptedByCase.get(c.id));
    const paired = b !== null && k.status !== 'skipped';
    const newFailure = paired && b.passed && !k.passed;
    const fixed = paired && !b.passed && k.passed;
    const bCodes = new Set<BlockerCode>(b?.blockers.map((x) => x.code) ?? []);
    const kCodes = new Set<BlockerCode>(k.blockers.map((x) => x.code));
    let status: CaseComparisonStatus;
    if (k.status === 'skipped') status = 'skipped';
    else if (k.status === 'errored') status = 'errored';
    else if (!b) status = 'baseline_missing';
    else if (newFailure) status = 'new_failure';
    else if (fixed) status = 'fixed';
    else status = k.passed ? 'still_passing' : 'still_failing';
    return {
      caseId: c.id,
      bucket: c.bucket,
      riskTier: c.riskTier,
      tier: c.tier,
      gateGroup: c.gateGroup,
      expectedAction: c.expectedAction,
      status,
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
