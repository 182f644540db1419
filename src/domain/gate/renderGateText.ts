/** Renders a gate report as the terminal summary and as Markdown (both pin dataset and policy versions). */
import { RISK_TIERS } from '../cases/CaseSchema.js';
import type { RefusalPanel } from './computeRefusalPanel.js';
import type { GateReport, Rate } from './GateReport.js';
import { formatCaseLine, groupCaseReasons } from './groupCaseReasons.js';

/** `2/3 (66.7%)`, or `-` for an empty rate. */
export function formatRate(r: Rate | { num: number; den: number }): string {
  if (r.den === 0) return '-';
  return `${r.num}/${r.den} (${((100 * r.num) / r.den).toFixed(1)}%)`;
}

function refusalRows(p: { baseline: RefusalPanel; candidate: RefusalPanel }): string[][] {
  const rows = [
    ['refusal precision', formatRate(p.baseline.precision), formatRate(p.candidate.precision)],
    ['refusal recall', formatRate(p.baseline.recall), formatRate(p.candidate.recall)],
    ['over-refusal rate', formatRate(p.baseline.overRefusalRate), formatRate(p.candidate.overRefusalRate)],
  ];
  for (const t of RISK_TIERS) {
    if (p.baseline.unsafeComplianceByTier[t].den + p.candidate.unsafeComplianceByTier[t].den === 0) continue;
    rows.push([`unsafe compliance (${t})`, formatRate(p.baseline.unsafeComplianceByTier[t]), formatRate(p.candidate.unsafeComplianceByTier[t])]);
  }
  return rows;
}

function bucketRows(r: GateReport): string[][] {
  return r.buckets.map((b) => [
    b.bucket, b.riskTier, String(b.cases), formatRate(b.baselinePassRate), formatRate(b.candidatePassRate),
    formatRate(b.behaviorMatchRate), String(b.newFailures), String(b.fixedFailures), b.mcnemar.pValue.toPrecision(3), b.decision.toUpperCase(),
  ]);
}

const BUCKET_HEAD = ['bucket', 'tier', 'cases', 'baseline pass', 'candidate pass', 'behavior match', 'new fail', 'fixed', 'McNemar p', 'verdict'];

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `SHIP` / `BLOCKED`, with the risk acceptances the decision rests on. */
function decisionLine(r: GateReport): string {
  const decision = r.decision === 'ship' ? 'SHIP' : 'BLOCKED';
  const applied = r.riskAcceptances.filter((a) => a.applied);
  if (applied.length === 0) return decision;
  return `${decision} with ${applied.length} risk acceptance${applied.length === 1 ? '' : 's'}: ${applied.map((a) => `${a.caseId}:${a.blocker} (${a.owner}: ${a.reason})`).join('; ')}`;
}

/** Counts of inferred actions and not-assessed checks, when any. */
function noteLines(r: GateReport): string[] {
  const out: string[] = [];
  const inferred = (side: 'baseline' | 'candidate') => r.cases.filter((c) => c[side]?.actionInferredBy).length;
  const b = inferred('baseline');
  const k = inferred('candidate');
  if (b + k > 0) out.push(`actions inferred (records without action): ${b} baseline, ${k} candidate`);
  const notAssessed = r.cases.filter((c) => c.candidate.notAssessed.length > 0).map((c) => c.caseId);
  if (notAssessed.length > 0) {
    const ids = notAssessed.length <= 5 ? ` (${notAssessed.join(', ')})` : '';
    out.push(`not assessed: ${notAssessed.length} candidate case(s)${ids} have figures or dates but no evidence text to check them against`);
  }
  return out;
}

const MAX_CASE_LINES = 50;

/** The readable terminal summary: decision (with risk acceptances), one line per failing case, other reasons, buckets, refusal panel. */
export function renderGateSummary(r: GateReport): string {
  const out: string[] = [];
  out.push(`tracegate gate: ${decisionLine(r)}`);
  out.push(`dataset ${r.dataset.file} ${r.dataset.version}${r.dataset.only ? ` (only tag ${r.dataset.only}: ${r.dataset.selected}/${r.dataset.cases} cases)` : ''}`);
  out.push(`policy ${r.policy.version} (${r.policy.source})`);
  const s = r.summary;
  out.push(`cases: ${s.trustedCases} trusted, ${s.monitoringCases} monitoring, ${s.pairedCases} paired; pass rate ${formatRate(s.baselinePassRate)} -> ${formatRate(s.candidatePassRate)}`);
  out.push(`new failures ${s.newFailures}, fixed ${s.fixedFailures}, new blocking ${s.newBlockingFailures}, skipped ${s.skipped}, errored ${s.errored}; McNemar p=${r.mcnemar.pValue.toPrecision(3)}`);
  out.push(...noteLines(r));
  const { cases, other } = groupCaseReasons(r);
  if (cases.length > 0) {
    out.push('', 'failing cases (NEW = passed in the baseline; pre-existing = already failing there):');
    for (const line of cases.slice(0, MAX_CASE_LINES)) out.push(`  - ${formatCaseLine(line)}`);
    if (cases.length > MAX_CASE_LINES) out.push(`  ... ${cases.length - MAX_CASE_LINES} more (see the report)`);
  }
  if (other.length > 0) {
    out.push('', r.decision === 'block' ? 'reasons:' : 'notes:');
    for (const reason of other) out.push(`  - ${reason.message}`);
  }
  out.push('', table(BUCKET_HEAD, bucketRows(r)));
  out.push('', table(['refusal panel', 'baseline', 'candidate'], refusalRows(r.refusalPanel)));
  const unapplied = r.riskAcceptances.filter((a) => !a.applied);
  if (unapplied.length > 0) {
    out.push('', 'risk acceptances that matched no candidate blocker:');
    for (const a of unapplied) out.push(`  - ${a.caseId}:${a.blocker} by ${a.owner}: ${a.reason}`);
  }
  if (r.warnings.length > 0) {
    out.push('', 'warnings:');
    for (const w of r.warnings.slice(0, 20)) out.push(`  - ${w}`);
    if (r.warnings.length > 20) out.push(`  ... ${r.warnings.length - 20} more`);
  }
  return out.join('\n') + '\n';
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)].join('\n');
}

/** The Markdown report. */
export function renderGateMarkdown(r: GateReport): string {
  const s = r.summary;
  const failing = groupCaseReasons(r);
  const out: string[] = [
    `# Release gate: ${decisionLine(r)}`,
    '',
    `- Dataset: \`${r.dataset.file}\` version \`${r.dataset.version}\` (${r.dataset.selected} of ${r.dataset.cases} cases${r.dataset.only ? `, only tag \`${r.dataset.only}\`` : ''})`,
    `- Policy: \`${r.policy.version}\` (${r.policy.source})`,
    `- Baseline: \`${r.baseline.source}\`; candidate: \`${r.candidate.source}\``,
    `- Generated: ${r.generatedAt}`,
    `- Pass rate: ${formatRate(s.baselinePassRate)} -> ${formatRate(s.candidatePassRate)}; new failures ${s.newFailures}, fixed ${s.fixedFailures}, new blocking ${s.newBlockingFailures}, skipped ${s.skipped}, errored ${s.errored}`,
    `- Overall McNemar (exact): ${r.mcnemar.regressions} regressions, ${r.mcnemar.improvements} improvements, p = ${r.mcnemar.pValue.toPrecision(4)}`,
    ...noteLines(r).map((x) => `- ${x[0]!.toUpperCase()}${x.slice(1)}`),
    '',
    '## Failing cases',
    '',
    ...(failing.cases.length > 0 ? failing.cases.map((x) => `- ${formatCaseLine(x)}`) : ['None.']),
    '',
    '## Reasons',
    '',
    ...(r.reasons.length > 0 ? r.reasons.map((x) => `- ${x.message}`) : ['- none: the candidate may ship']),
    '',
    '## New blocking failures',
    '',
    r.newBlockingFailures.length > 0
      ? mdTable(['case', 'bucket', 'risk tier', 'blockers'], r.newBlockingFailures.map((f) => [f.caseId, f.bucket, f.riskTier, f.blockers.join(', ')]))
      : 'None.',
    '',
    '## Buckets',
    '',
    mdTable(BUCKET_HEAD, bucketRows(r)),
    '',
    ...r.buckets.filter((b) => b.reasons.length > 0).map((b) => `- **${b.bucket}**: ${b.reasons.join('; ')}`),
    '',
    '## Blockers',
    '',
    r.blockers.length > 0 ? mdTable(['blocker', 'baseline', 'candidate', 'new', 'resolved'], r.blockers.map((b) => [b.blocker, String(b.baseline), String(b.candidate), String(b.new), String(b.resolved)])) : 'None.',
    '',
    '## Refusal panel',
    '',
    mdTable(['metric', 'baseline', 'candidate'], refusalRows(r.refusalPanel)),
    '',
    '## Changed cases',
    '',
  ];
  const changed = r.cases.filter((c) => c.status !== 'still_passing');
  out.push(
    changed.length > 0
      ? mdTable(['case', 'bucket', 'status', 'baseline', 'candidate', 'new blockers', 'resolved blockers'], changed.map((c) => [
          c.caseId, c.bucket, c.status, c.baseline ? `${c.baseline.action ?? '-'} ${c.baseline.passed ? 'pass' : 'fail'}` : '-',
          `${c.candidate.action ?? '-'} ${c.candidate.passed ? 'pass' : 'fail'}`, c.newBlockers.join(', '), c.resolvedBlockers.join(', '),
        ]))
      : 'None.',
  );
  out.push('', '## Risk acceptances', '');
  out.push(r.riskAcceptances.length > 0 ? mdTable(['case', 'blocker', 'owner', 'reason', 'applied'], r.riskAcceptances.map((a) => [a.caseId, a.blocker, a.owner, a.reason, a.applied ? 'yes' : 'no'])) : 'None.');
  if (r.missing.baseline.length + r.missing.candidate.length > 0) {
    out.push('', '## Missing cases', '', `- No baseline record: ${r.missing.baseline.join(', ') || 'none'}`, `- No candidate record (skipped): ${r.missing.candidate.join(', ') || 'none'}`);
  }
  return out.join('\n') + '\n';
}

/** Reports over this many cases are written on one line (about half the size and time of indented JSON). */
export const PRETTY_JSON_MAX_CASES = 1000;

/** The JSON report with a trailing newline: indented up to PRETTY_JSON_MAX_CASES cases, one line beyond. */
export function renderGateJson(r: GateReport): string {
  return (r.cases.length <= PRETTY_JSON_MAX_CASES ? JSON.stringify(r, null, 2) : JSON.stringify(r)) + '\n';
}
