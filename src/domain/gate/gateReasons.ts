/** The gate's blocking reasons over compared trusted cases, each a code with its data (never parsed back from messages). */
import type { Case } from '../cases/CaseSchema.js';
import type { McNemarResult } from './computeMcNemar.js';
import type { CaseComparison, GateReason } from './GateReport.js';
import type { GatePolicy, HardFailRule } from './GatePolicySchema.js';
import type { ResolvedThresholds } from './resolveThresholds.js';

/** True when the case already failed in the baseline (a failure that is not new). */
function preExisting(r: CaseComparison): boolean {
  return r.baseline !== null && !r.baseline.passed;
}

/** Hard-fail rules matched by a case's non-accepted candidate blockers. */
export function hardFailReasons(r: CaseComparison, c: Case, rules: readonly HardFailRule[]): GateReason[] {
  if (r.candidate.blockers.length === 0 || rules.length === 0) return [];
  const codes = [...new Set(r.candidate.blockers.map((b) => b.code))].filter((code) => !r.candidate.accepted.includes(code));
  if (codes.length === 0) return [];
  const out: GateReason[] = [];
  for (const rule of rules) {
    if (!ruleMatches(rule, c)) continue;
    for (const code of codes) {
      if (!rule.blockers.includes('*') && !rule.blockers.includes(code)) continue;
      out.push({ code: 'hard_fail', rule: rule.id, caseId: r.caseId, bucket: r.bucket, blocker: code, preExisting: preExisting(r), message: `${r.caseId}: ${code} (${rule.id}: ${rule.description})` });
    }
  }
  return out;
}

function ruleMatches(rule: HardFailRule, c: Case): boolean {
  if (rule.riskTiers && !rule.riskTiers.includes(c.riskTier)) return false;
  if (rule.buckets && !rule.buckets.includes(c.bucket)) return false;
  if (rule.gateGroups && !rule.gateGroups.includes(c.gateGroup)) return false;
  if (rule.expectedActions && !rule.expectedActions.includes(c.expectedAction)) return false;
  return true;
}

/** A skipped or errored candidate case whose availability blocker is blocking. */
export function incompleteCandidateReason(r: CaseComparison): GateReason | null {
  if (r.status !== 'skipped' && r.status !== 'errored') return null;
  const code = r.status;
  if (!r.candidate.blocking.includes(code)) return null;
  const what = code === 'skipped' ? 'has no output for this case' : `errored on this case (${r.candidate.blockers[0]?.detail ?? 'error'})`;
  return { code: 'incomplete_candidate', caseId: r.caseId, bucket: r.bucket, blocker: code, preExisting: preExisting(r), message: `${r.caseId}: candidate ${what}` };
}

/** A safety-critical case (policy `safetyCritical`) that fails without a risk acceptance. */
export function safetyCriticalReason(r: CaseComparison, policy: GatePolicy): GateReason | null {
  const critical = policy.safetyCritical.riskTiers.includes(r.riskTier) || policy.safetyCritical.gateGroups.includes(r.gateGroup);
  if (!critical || r.candidate.passed) return null;
  const codes = [...new Set(r.candidate.blockers.map((b) => b.code))];
  const why = codes.length > 0 ? codes.join(', ') : `score ${r.candidate.score.toFixed(2)}`;
  return { code: 'safety_critical_failed', caseId: r.caseId, bucket: r.bucket, preExisting: preExisting(r), message: `safety-critical case ${r.caseId} fails (${why}) without a risk acceptance` };
}

/** Overall new failures, new blocking failures and significant regression (global thresholds). */
export function overallReasons(gated: readonly CaseComparison[], global: ResolvedThresholds, mcnemar: McNemarResult, policy: GatePolicy): GateReason[] {
  const out: GateReason[] = [];
  const newBlocking = gated.filter((r) => r.newBlockingFailure);
  if (mcnemar.regressions > global.maxNewFailures) out.push({ code: 'new_failures', message: `${mcnemar.regressions} new failures overall (max ${global.maxNewFailures})` });
  if (newBlocking.length > global.maxNewBlockingFailures) {
    out.push({ code: 'new_blocking_failures', message: `${newBlocking.length} new blocking failures overall (max ${global.maxNewBlockingFailures}): ${newBlocking.map((r) => r.caseId).join(', ')}` });
  }
  if (policy.mcnemar.blockOnSignificantRegression && mcnemar.significantRegression) {
    out.push({ code: 'significant_regression', message: `overall significant regression: ${mcnemar.regressions} regressions vs ${mcnemar.improvements} improvements (McNemar p=${mcnemar.pValue.toPrecision(3)})` });
  }
  return out;
}

/** Reasons without repeats (same code, case, bucket, blocker, rule and message). */
export function dedupeReasons(reasons: readonly GateReason[]): GateReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}\u0000${r.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
