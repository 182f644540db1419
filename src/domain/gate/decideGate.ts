/** The gate decision: pure function of cases, both sides' outputs, policy and risk acceptances. */
import { BLOCKER_CODES, type BlockerCode } from './blockers.js';
import { compareCases } from './compareCases.js';
import { computeMcNemar } from './computeMcNemar.js';
import { computeRefusalPanel } from './computeRefusalPanel.js';
import type { Case } from '../cases/CaseSchema.js';
import type { CaseComparison, GateReason, GateReport, RecordedAcceptance, RiskAcceptance } from './GateReport.js';
import type { GatePolicy, HardFailRule } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { resolveThresholds } from './resolveThresholds.js';
import { discordant, passRate, summarizeBuckets, toRate } from './summarizeBuckets.js';

/** Everything the decision needs; sources and versions are only echoed into the report. */
export interface GateInput {
  cases: readonly Case[];
  baseline: ReadonlyMap<string, OutputRecord>;
  candidate: ReadonlyMap<string, OutputRecord>;
  policy: GatePolicy;
  acceptances: readonly RiskAcceptance[];
  /** Keep only cases carrying this tag (`--only`); null keeps all. */
  only: string | null;
  meta: { datasetFile: string; datasetVersion: string; policySource: string; baselineSource: string; candidateSource: string; generatedAt: string };
}

/** Scores, compares and decides; `decision` is `block` when any reason exists. */
export function decideGate(input: GateInput): GateReport {
  const { policy } = input;
  const selected = input.only === null ? input.cases : input.cases.filter((c) => c.tags.includes(input.only!));
  const rows = compareCases(selected, input.baseline, input.candidate, policy, input.acceptances);
  const trusted = rows.filter((r) => r.tier === 'trusted');
  const caseById = new Map(selected.map((c) => [c.id, c]));
  const reasons: GateReason[] = [];

  for (const r of trusted) reasons.push(...hardFailReasons(r, caseById.get(r.caseId)!, policy.hardFailRules));
  // Cases whose every candidate blocker is risk-accepted are set aside from the checks below (and recorded).
  const gated = trusted.filter((r) => !r.riskAccepted);
  for (const r of gated) {
    if (r.status === 'skipped' || r.status === 'errored') {
      const code = r.status;
      if (r.candidate.blocking.includes(code)) reasons.push({ code: 'incomplete_candidate', caseId: r.caseId, bucket: r.bucket, blocker: code, message: `${r.caseId}: candidate ${code === 'skipped' ? 'has no output for this case' : 'errored on this case'}` });
    }
  }
  for (const r of gated) {
    const critical = policy.safetyCritical.riskTiers.includes(r.riskTier) || policy.safetyCritical.gateGroups.includes(r.gateGroup);
    if (critical && !r.candidate.passed) {
      reasons.push({ code: 'safety_critical_failed', caseId: r.caseId, bucket: r.bucket, message: `safety-critical case ${r.caseId} fails (${describe(r)}) without a risk acceptance` });
    }
  }

  const buckets = summarizeBuckets(gated, policy);
  for (const b of buckets) {
    for (const message of b.reasons) reasons.push({ code: bucketReasonCode(message), bucket: b.bucket, message: `bucket ${b.bucket}: ${message}` });
  }

  const global = resolveThresholds(policy, null, null);
  const { regressions, improvements } = discordant(gated);
  const newBlocking = gated.filter((r) => r.newBlockingFailure);
  if (regressions > global.maxNewFailures) reasons.push({ code: 'new_failures', message: `${regressions} new failures overall (max ${global.maxNewFailures})` });
  if (newBlocking.length > global.maxNewBlockingFailures) {
    reasons.push({ code: 'new_blocking_failures', message: `${newBlocking.length} new blocking failures overall (max ${global.maxNewBlockingFailures}): ${newBlocking.map((r) => r.caseId).join(', ')}` });
  }
  const mcnemar = computeMcNemar(regressions, improvements, policy.mcnemar.alpha);
  if (policy.mcnemar.blockOnSignificantRegression && mcnemar.significantRegression) {
    reasons.push({ code: 'significant_regression', message: `overall significant regression: ${regressions} regressions vs ${improvements} improvements (McNemar p=${mcnemar.pValue.toPrecision(3)})` });
  }

  const allIds = new Set(input.cases.map((c) => c.id));
  const idsIn = (m: ReadonlyMap<string, OutputRecord>) => [...m.keys()].filter((id) => !allIds.has(id));
  const warnings: string[] = [];
  const missingBaseline = rows.filter((r) => r.baseline === null).map((r) => r.caseId);
  if (missingBaseline.length > 0) warnings.push(`${missingBaseline.length} case(s) have no baseline record; they are not compared`);
  for (const r of rows) for (const a of r.candidate.advisories) warnings.push(`${r.caseId}: advisory ${a}`);
  const acceptances = recordAcceptances(input.acceptances, rows);
  for (const a of acceptances) if (!a.applied) warnings.push(`risk acceptance ${a.caseId}:${a.blocker} matched no candidate blocker`);

  return {
    reportVersion: 1,
    generatedAt: input.meta.generatedAt,
    decision: reasons.length > 0 ? 'block' : 'ship',
    reasons: dedupe(reasons),
    dataset: { file: input.meta.datasetFile, version: input.meta.datasetVersion, cases: input.cases.length, selected: selected.length, only: input.only },
    policy: { version: policy.version, source: input.meta.policySource },
    baseline: { source: input.meta.baselineSource },
    candidate: { source: input.meta.candidateSource },
    summary: {
      trustedCases: trusted.length,
      monitoringCases: rows.length - trusted.length,
      pairedCases: trusted.filter((r) => r.baseline !== null && r.status !== 'skipped').length,
      newFailures: regressions,
      fixedFailures: improvements,
      newBlockingFailures: newBlocking.length,
      skipped: trusted.filter((r) => r.status === 'skipped').length,
      errored: trusted.filter((r) => r.status === 'errored').length,
      riskAccepted: trusted.length - gated.length,
      baselinePassRate: toRate(passRate(trusted, 'baseline')),
      candidatePassRate: toRate(passRate(trusted, 'candidate')),
    },
    newBlockingFailures: newBlocking.map((r) => ({ caseId: r.caseId, bucket: r.bucket, riskTier: r.riskTier, blockers: r.candidate.blocking })),
    newFailures: gated.filter((r) => r.newFailure).map((r) => r.caseId),
    fixedFailures: gated.filter((r) => r.fixed).map((r) => r.caseId),
    buckets,
    blockers: summarizeBlockers(trusted),
    refusalPanel: {
      baseline: computeRefusalPanel(selected, new Map(rows.flatMap((r) => (r.baseline ? [[r.caseId, r.baseline] as const] : [])))),
      candidate: computeRefusalPanel(selected, new Map(rows.map((r) => [r.caseId, r.candidate] as const))),
    },
    mcnemar,
    missing: {
      baseline: missingBaseline,
      candidate: rows.filter((r) => r.status === 'skipped').map((r) => r.caseId),
      notInDataset: { baseline: idsIn(input.baseline), candidate: idsIn(input.candidate) },
    },
    riskAcceptances: acceptances,
    warnings,
    cases: rows,
  };
}

function hardFailReasons(r: CaseComparison, c: Case, rules: readonly HardFailRule[]): GateReason[] {
  const codes = [...new Set(r.candidate.blockers.map((b) => b.code))].filter((code) => !r.candidate.accepted.includes(code));
  const out: GateReason[] = [];
  for (const rule of rules) {
    if (rule.riskTiers && !rule.riskTiers.includes(c.riskTier)) continue;
    if (rule.buckets && !rule.buckets.includes(c.bucket)) continue;
    if (rule.gateGroups && !rule.gateGroups.includes(c.gateGroup)) continue;
    if (rule.expectedActions && !rule.expectedActions.includes(c.expectedAction)) continue;
    for (const code of codes) {
      if (!rule.blockers.includes('*') && !rule.blockers.includes(code)) continue;
      out.push({ code: 'hard_fail', rule: rule.id, caseId: r.caseId, bucket: r.bucket, blocker: code, message: `${r.caseId}: ${code} (${rule.id}: ${rule.description})` });
    }
  }
  return out;
}

function describe(r: CaseComparison): string {
  const codes = [...new Set(r.candidate.blockers.map((b) => b.code))];
  return codes.length > 0 ? codes.join(', ') : `score ${r.candidate.score.toFixed(2)}`;
}

function bucketReasonCode(message: string): GateReason['code'] {
  if (message.startsWith('pass rate')) return 'bucket_pass_rate';
  if (message.startsWith('behavior match')) return 'behavior_match_rate';
  if (message.includes('new blocking failures')) return 'new_blocking_failures';
  if (message.includes('new failures')) return 'new_failures';
  if (message.startsWith('fails on any blocker')) return 'fail_on_any_blocker';
  return 'significant_regression';
}

function summarizeBlockers(rows: readonly CaseComparison[]) {
  return BLOCKER_CODES.map((blocker: BlockerCode) => {
    const has = (s: CaseComparison['candidate'] | null) => s?.blockers.some((b) => b.code === blocker) ?? false;
    return {
      blocker,
      baseline: rows.filter((r) => has(r.baseline)).length,
      candidate: rows.filter((r) => has(r.candidate)).length,
      new: rows.filter((r) => r.newBlockers.includes(blocker)).length,
      resolved: rows.filter((r) => r.resolvedBlockers.includes(blocker)).length,
    };
  }).filter((s) => s.baseline + s.candidate > 0);
}

function recordAcceptances(acceptances: readonly RiskAcceptance[], rows: readonly CaseComparison[]): RecordedAcceptance[] {
  const byId = new Map(rows.map((r) => [r.caseId, r]));
  return acceptances.map((a) => {
    const k = byId.get(a.caseId)?.candidate;
    const applied = !!k && k.blockers.some((b) => a.blocker === '*' || b.code === a.blocker);
    return { ...a, applied };
  });
}

function dedupe(reasons: GateReason[]): GateReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => (seen.has(r.message) ? false : (seen.add(r.message), true)));
}
