/** The gate decision: pure function of cases, both sides' outputs, policy and risk acceptances. */
import type { Case } from '../cases/CaseSchema.js';
import { BLOCKER_CODES, type BlockerCode } from './blockers.js';
import { compareCases } from './compareCases.js';
import { computeMcNemar, type McNemarResult } from './computeMcNemar.js';
import { computeRefusalPanel } from './computeRefusalPanel.js';
import { dedupeReasons, hardFailReasons, incompleteCandidateReason, overallReasons, safetyCriticalReason } from './gateReasons.js';
import type { BlockerSummary, CaseComparison, GateReason, GateReport, RecordedAcceptance, RiskAcceptance } from './GateReport.js';
import type { GatePolicy } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { resolveThresholds } from './resolveThresholds.js';
import { discordant, passRate, summarizeBuckets, toRate, type BucketVerdict } from './summarizeBuckets.js';

/** Everything the decision needs; sources and versions are only echoed into the report. */
export interface GateInput {
  cases: readonly Case[];
  baseline: ReadonlyMap<string, OutputRecord>;
  candidate: ReadonlyMap<string, OutputRecord>;
  policy: GatePolicy;
  acceptances: readonly RiskAcceptance[];
  /** Keep only cases carrying this tag (`--only`); null keeps all. */
  only: string | null;
  /** Warnings from reading the inputs (e.g. policy fields without an equivalent), copied into the report. */
  inputWarnings?: readonly string[];
  meta: { datasetFile: string; datasetVersion: string; policySource: string; baselineSource: string; candidateSource: string; generatedAt: string };
}

/** Scores, compares and decides; `decision` is `block` when any reason exists. */
export function decideGate(input: GateInput): GateReport {
  const selected = input.only === null ? input.cases : input.cases.filter((c) => c.tags.includes(input.only!));
  const rows = compareCases(selected, input.baseline, input.candidate, input.policy, input.acceptances);
  const trusted = rows.filter((r) => r.tier === 'trusted');
  // Cases whose every candidate blocker is risk-accepted are set aside from rates and counts (and recorded).
  const gated = trusted.filter((r) => !r.riskAccepted);
  const buckets = summarizeBuckets(gated, input.policy);
  const { regressions, improvements } = discordant(gated);
  const mcnemar = computeMcNemar(regressions, improvements, input.policy.mcnemar.alpha);
  const reasons = collectReasons({ selected, trusted, gated, buckets, mcnemar, policy: input.policy });
  const acceptances = recordAcceptances(input.acceptances, rows);
  return assembleReport(input, { selected, rows, trusted, gated, buckets, mcnemar, reasons, acceptances });
}

/** Every blocking reason: case reasons (hard-fail, incomplete, safety-critical), then bucket, then overall reasons. */
function collectReasons(p: { selected: readonly Case[]; trusted: readonly CaseComparison[]; gated: readonly CaseComparison[]; buckets: readonly BucketVerdict[]; mcnemar: McNemarResult; policy: GatePolicy }): GateReason[] {
  const caseById = new Map(p.selected.map((c) => [c.id, c]));
  const reasons: GateReason[] = [];
  for (const r of p.trusted) reasons.push(...hardFailReasons(r, caseById.get(r.caseId)!, p.policy.hardFailRules));
  for (const r of p.gated) {
    const incomplete = incompleteCandidateReason(r);
    if (incomplete) reasons.push(incomplete);
  }
  for (const r of p.gated) {
    const critical = safetyCriticalReason(r, p.policy);
    if (critical) reasons.push(critical);
  }
  for (const b of p.buckets) reasons.push(...b.reasons);
  reasons.push(...overallReasons(p.gated, resolveThresholds(p.policy, null, null), p.mcnemar, p.policy));
  return dedupeReasons(reasons);
}

interface Decided {
  selected: readonly Case[];
  rows: CaseComparison[];
  trusted: CaseComparison[];
  gated: CaseComparison[];
  buckets: BucketVerdict[];
  mcnemar: McNemarResult;
  reasons: GateReason[];
  acceptances: RecordedAcceptance[];
}

function assembleReport(input: GateInput, d: Decided): GateReport {
  const { rows, trusted, gated } = d;
  const missingBaseline = rows.filter((r) => r.baseline === null).map((r) => r.caseId);
  const allIds = new Set(input.cases.map((c) => c.id));
  const notInDataset = (m: ReadonlyMap<string, OutputRecord>) => [...m.keys()].filter((id) => !allIds.has(id));
  const newBlocking = gated.filter((r) => r.newBlockingFailure);
  const rowById = new Map(rows.map((r) => [r.caseId, r]));
  return {
    reportVersion: 1,
    generatedAt: input.meta.generatedAt,
    decision: d.reasons.length > 0 ? 'block' : 'ship',
    reasons: d.reasons,
    dataset: { file: input.meta.datasetFile, version: input.meta.datasetVersion, cases: input.cases.length, selected: d.selected.length, only: input.only },
    policy: { version: input.policy.version, source: input.meta.policySource },
    baseline: { source: input.meta.baselineSource },
    candidate: { source: input.meta.candidateSource },
    summary: {
      trustedCases: trusted.length,
      monitoringCases: rows.length - trusted.length,
      pairedCases: trusted.filter((r) => r.baseline !== null && r.status !== 'skipped').length,
      newFailures: d.mcnemar.regressions,
      fixedFailures: d.mcnemar.improvements,
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
    buckets: d.buckets.map((b) => b.summary),
    blockers: summarizeBlockers(trusted),
    refusalPanel: {
      baseline: computeRefusalPanel(d.selected, { get: (id) => rowById.get(id)?.baseline }),
      candidate: computeRefusalPanel(d.selected, { get: (id) => rowById.get(id)?.candidate }),
    },
    mcnemar: d.mcnemar,
    missing: {
      baseline: missingBaseline,
      candidate: rows.filter((r) => r.status === 'skipped').map((r) => r.caseId),
      notInDataset: { baseline: notInDataset(input.baseline), candidate: notInDataset(input.candidate) },
    },
    riskAcceptances: d.acceptances,
    warnings: collectWarnings(input.inputWarnings ?? [], rows, missingBaseline.length, d.acceptances),
    cases: rows,
  };
}

function collectWarnings(inputWarnings: readonly string[], rows: readonly CaseComparison[], missingBaseline: number, acceptances: readonly RecordedAcceptance[]): string[] {
  const warnings = [...inputWarnings];
  if (missingBaseline > 0) warnings.push(`${missingBaseline} case(s) have no baseline record; they are not compared`);
  for (const r of rows) for (const a of r.candidate.advisories) warnings.push(`${r.caseId}: advisory ${a}`);
  for (const a of acceptances) if (!a.applied) warnings.push(`risk acceptance ${a.caseId}:${a.blocker} matched no candidate blocker`);
  return warnings;
}

/** Per-blocker counts over the rows (one pass over the rows). */
function summarizeBlockers(rows: readonly CaseComparison[]): BlockerSummary[] {
  const counts = new Map<BlockerCode, BlockerSummary>(BLOCKER_CODES.map((blocker) => [blocker, { blocker, baseline: 0, candidate: 0, new: 0, resolved: 0 }]));
  for (const r of rows) {
    for (const code of new Set(r.baseline?.blockers.map((b) => b.code) ?? [])) counts.get(code)!.baseline++;
    for (const code of new Set(r.candidate.blockers.map((b) => b.code))) counts.get(code)!.candidate++;
    for (const code of r.newBlockers) counts.get(code)!.new++;
    for (const code of r.resolvedBlockers) counts.get(code)!.resolved++;
  }
  return [...counts.values()].filter((s) => s.baseline + s.candidate > 0);
}

function recordAcceptances(acceptances: readonly RiskAcceptance[], rows: readonly CaseComparison[]): RecordedAcceptance[] {
  if (acceptances.length === 0) return [];
  const byId = new Map(rows.map((r) => [r.caseId, r]));
  return acceptances.map((a) => {
    const k = byId.get(a.caseId)?.candidate;
    const applied = !!k && k.blockers.some((b) => a.blocker === '*' || b.code === a.blocker);
    return { ...a, applied };
  });
}
