/** Same-row comparison: scores both sides per case and classifies new/fixed failures and new/resolved blockers. */
import type { Case } from '../cases/CaseSchema.js';
import type { BlockerCode } from './blockers.js';
import type { CaseComparison, CaseComparisonStatus, RiskAcceptance } from './GateReport.js';
import type { GatePolicy } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { resolveThresholds } from './resolveThresholds.js';
import { scoreCase, type CaseScore } from './scoreCase.js';
import { prepareCase } from './scoreChecks.js';

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
  const out: CaseComparison[] = new Array(cases.length);
  for (let i = 0; i < cases.length; i++) out[i] = compareCase(cases[i]!, baseline.get(cases[i]!.id), candidate.get(cases[i]!.id), policy, acceptedByCase.get(cases[i]!.id));
  return out;
}

function compareCase(c: Case, baseRecord: OutputRecord | undefined, candRecord: OutputRecord | undefined, policy: GatePolicy, accepted: Set<string> | undefined): CaseComparison {
  const thresholds = resolveThresholds(policy, c.riskTier, c.bucket);
  const prepared = prepareCase(c);
  const b = baseRecord ? scoreCase(c, baseRecord, { policy, thresholds, prepared }) : null;
  const k = scoreCase(c, candRecord, { policy, thresholds, prepared, ...(accepted ? { acceptedBlockers: accepted } : {}) });
  const paired = b !== null && k.status !== 'skipped';
  const newFailure = paired && b.passed && !k.passed;
  const fixed = paired && !b.passed && k.passed;
  const bCodes = codesOf(b);
  const kCodes = codesOf(k);
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
    // `accepted` is the subset of the codes a risk acceptance waives: all of them when the lengths match.
    riskAccepted: kCodes.length > 0 && k.accepted.length === kCodes.length,
    baseline: b,
    candidate: k,
    newBlockers: b ? without(kCodes, bCodes) : [],
    resolvedBlockers: b ? without(bCodes, kCodes) : [],
  };
}

/** The distinct blocker codes of a side, in order of first appearance. */
function codesOf(s: CaseScore | null): BlockerCode[] {
  const out: BlockerCode[] = [];
  if (s) for (const b of s.blockers) if (!out.includes(b.code)) out.push(b.code);
  return out;
}

function without(codes: readonly BlockerCode[], remove: readonly BlockerCode[]): BlockerCode[] {
  const out: BlockerCode[] = [];
  for (const code of codes) if (!remove.includes(code)) out.push(code);
  return out;
}

function statusOf(b: CaseScore | null, k: CaseScore, newFailure: boolean, fixed: boolean): CaseComparisonStatus {
  if (k.status === 'skipped') return 'skipped';
  if (k.status === 'errored') return 'errored';
  if (!b) return 'baseline_missing';
  if (newFailure) return 'new_failure';
  if (fixed) return 'fixed';
  return k.passed ? 'still_passing' : 'still_failing';
}
