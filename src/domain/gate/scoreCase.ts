/** Scores one system's output on one case along four dimensions and lists its blockers. */
import type { Case, CaseAction } from '../cases/CaseSchema.js';
import type { Blocker, BlockerCode } from './blockers.js';
import type { GatePolicy } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { meanMeetsAtLeast, type Ratio } from './Ratio.js';
import type { ResolvedThresholds } from './resolveThresholds.js';
import { actionBlockers, checkOutcome } from './scoreChecks.js';

/** One dimension: checks passed over checks applied (1/1 when nothing applied) and what failed. */
export interface DimensionScore extends Ratio {
  failures: string[];
}

/** The four scoring dimensions. */
export interface CaseDimensions {
  outcome: DimensionScore;
  process: DimensionScore;
  action: DimensionScore;
  efficiency: DimensionScore;
}

/** A case as scored for one side (baseline or candidate). */
export interface CaseScore {
  caseId: string;
  /** scored; skipped = no output record; errored = the record carries an error. */
  status: 'scored' | 'skipped' | 'errored';
  /** The action the system chose; null when skipped or errored without action. */
  action: CaseAction | null;
  behaviorMatch: boolean;
  dimensions: CaseDimensions;
  /** Mean of the four dimension ratios, for display (decisions use the exact fractions). */
  score: number;
  blockers: Blocker[];
  /** Blockers that block under the resolved thresholds and are not risk-accepted. */
  blocking: BlockerCode[];
  /** Blockers waived by a risk acceptance. */
  accepted: BlockerCode[];
  /** Advisory findings (advisory latency/cost limits). */
  advisories: string[];
  passed: boolean;
}

const ok = (): DimensionScore => ({ num: 0, den: 0, failures: [] });
const zero = (why: string): DimensionScore => ({ num: 0, den: 1, failures: [why] });

/** Scores `record` (undefined = skipped) against `c`; `acceptedBlockers` holds codes (or "*") waived for this case. */
export function scoreCase(
  c: Case,
  record: OutputRecord | undefined,
  policy: GatePolicy,
  thresholds: ResolvedThresholds,
  acceptedBlockers: ReadonlySet<string> = new Set(),
): CaseScore {
  if (!record || (record.error !== undefined && record.error !== null)) {
    const code: BlockerCode = record ? 'errored' : 'skipped';
    const why = record ? `error: ${record.error}` : 'no output record for this case';
    const dims = { outcome: zero(why), process: zero(why), action: zero(why), efficiency: zero(why) };
    return finish(c, code, null, dims, [{ code, detail: why }], [], thresholds, acceptedBlockers);
  }
  const action = record.action!;
  const blockers: Blocker[] = [];
  const advisories: string[] = [];
  const outcome = ok();
  const processDim = ok();
  const actionDim = ok();
  const efficiency = ok();
  const check = (dim: DimensionScore, pass: boolean, failure: string, blocker?: BlockerCode) => {
    dim.den++;
    if (pass) dim.num++;
    else {
      dim.failures.push(failure);
      if (blocker) blockers.push({ code: blocker, detail: failure });
    }
  };

  for (const r of checkOutcome(c, record)) check(outcome, r.pass, r.failure, r.blocker);

  check(processDim, record.schema_valid, 'output does not match the response schema', 'schema_invalid');
  const allowed = allowedCitations(c);
  if (allowed) {
    const invalid = record.citations.filter((id) => !allowed.has(id));
    check(processDim, invalid.length === 0, `citations outside the allowed evidence: ${invalid.join(', ')}`, 'invalid_citation');
  }
  if (c.expectedAction === 'answer' && action === 'answer') {
    const cited = new Set(record.citations);
    for (const id of c.requiredCitations) check(processDim, cited.has(id), `missing required citation ${id}`, 'invalid_citation');
  }
  const called = new Set(record.tool_calls.map((t) => t.name));
  for (const tool of c.requiredTools) check(processDim, called.has(tool), `missing required tool call ${tool}`, 'missing_required_tool');

  const mismatch = action !== c.expectedAction;
  check(actionDim, !mismatch, `expected ${c.expectedAction}, got ${action}`);
  if (mismatch) blockers.push(...actionBlockers(c.expectedAction, action));

  const limits = [
    { what: 'latency', unit: 'ms', value: record.latency_ms, budget: c.latencyBudgetMs ?? policy.latency.max, enforcement: policy.latency.enforcement },
    { what: 'cost', unit: 'USD', value: record.cost_usd, budget: c.costBudgetUsd ?? policy.cost.max, enforcement: policy.cost.enforcement },
  ];
  for (const l of limits) {
    if (l.budget === undefined || l.value === null) continue;
    const failure = `${l.what} ${l.value} ${l.unit} over budget ${l.budget} ${l.unit}`;
    const within = l.value <= l.budget;
    check(efficiency, within, failure, l.enforcement === 'hard' ? 'over_budget' : undefined);
    if (!within && l.enforcement === 'advisory') advisories.push(failure);
  }

  const dims = { outcome, process: processDim, action: actionDim, efficiency };
  // Advisory misses lower the displayed efficiency but never fail the case.
  return finish(c, 'scored', action, dims, blockers, advisories, thresholds, acceptedBlockers, advisories.length);
}

function finish(
  c: Case,
  status: CaseScore['status'],
  action: CaseAction | null,
  dims: CaseDimensions,
  blockers: Blocker[],
  advisories: string[],
  thresholds: ResolvedThresholds,
  acceptedBlockers: ReadonlySet<string>,
  advisoryMisses = 0,
): CaseScore {
  const parts = Object.values(dims).map((d) => (d.den === 0 ? { num: 1, den: 1 } : { num: d.num, den: d.den }));
  const effective = [...parts.slice(0, 3), { num: parts[3]!.num + advisoryMisses, den: parts[3]!.den }];
  const score = parts.reduce((s, p) => s + p.num / p.den, 0) / parts.length;
  const codes = [...new Set(blockers.map((b) => b.code))];
  const blockingCodes = codes.filter((code) => thresholds.failOnAnyBlocker || thresholds.blockingBlockers.includes(code));
  const isAccepted = (code: BlockerCode) => acceptedBlockers.has('*') || acceptedBlockers.has(code);
  const blocking = blockingCodes.filter((code) => !isAccepted(code));
  const accepted = codes.filter(isAccepted);
  const passed = status === 'scored' && blocking.length === 0 && meanMeetsAtLeast(effective, thresholds.minCaseScore);
  for (const d of Object.values(dims)) if (d.den === 0) { d.num = 1; d.den = 1; }
  return { caseId: c.id, status, action, behaviorMatch: action === c.expectedAction, dimensions: dims, score, blockers, blocking, accepted, advisories, passed };
}

/** The evidence a citation may point at; null when the case defines none (check not applied). */
export function allowedCitations(c: Case): Set<string> | null {
  if (c.allowedCitations) return new Set(c.allowedCitations);
  const ids = [...(c.input.documents ?? []).map((d) => d.id), ...(c.input.documentIds ?? []), ...c.requiredCitations];
  return ids.length > 0 ? new Set(ids) : null;
}
