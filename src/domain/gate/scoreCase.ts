/** Scores one system's output on one case along four dimensions and lists its blockers. */
import type { Case, CaseAction } from '../cases/CaseSchema.js';
import type { Blocker, BlockerCode } from './blockers.js';
import type { GatePolicy } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { meetsAtLeast, type Ratio } from './Ratio.js';
import type { ResolvedThresholds } from './resolveThresholds.js';
import { actionBlockers, checkEfficiency, checkOutcome, checkProcess, type CheckResult } from './scoreChecks.js';

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
  /** The classifier version (`action@N`) when the record had no action and it was inferred; null when reported. */
  actionInferredBy: string | null;
  behaviorMatch: boolean;
  dimensions: CaseDimensions;
  /** Mean of the four dimension ratios, for display (decisions use `gateScore`). */
  score: number;
  /** The exact mean the case is judged on (advisory misses not counted against it). */
  gateScore: Ratio;
  blockers: Blocker[];
  /** Blockers that block under the resolved thresholds and are not risk-accepted. */
  blocking: BlockerCode[];
  /** Blockers waived by a risk acceptance. */
  accepted: BlockerCode[];
  /** Advisory findings (advisory latency/cost limits). */
  advisories: string[];
  /** Checks that could not be judged (e.g. figures with no evidence text); never a failure. */
  notAssessed: string[];
  passed: boolean;
}

/** What scoring needs besides the case and the record. */
export interface ScoreContext {
  policy: GatePolicy;
  thresholds: ResolvedThresholds;
  /** Blocker codes (or "*") waived for this case by risk acceptances. */
  acceptedBlockers?: ReadonlySet<string>;
}

const NO_ACCEPTANCES: ReadonlySet<string> = new Set();

/** Scores `record` (undefined = skipped) against `c`. */
export function scoreCase(c: Case, record: OutputRecord | undefined, ctx: ScoreContext): CaseScore {
  if (!record || (record.error !== undefined && record.error !== null)) return scoreUnavailable(c, record, ctx);
  const action = record.action!;
  const notAssessed: string[] = [];
  const blockers: Blocker[] = [];
  const advisories: string[] = [];
  const dims: CaseDimensions = {
    outcome: tally(checkOutcome(c, record, notAssessed), blockers, advisories),
    process: tally(checkProcess(c, record, action), blockers, advisories),
    action: tally([action === c.expectedAction ? { pass: true } : { pass: false, failure: `expected ${c.expectedAction}, got ${action}` }], blockers, advisories),
    efficiency: tally(checkEfficiency(c, record, ctx.policy), blockers, advisories),
  };
  blockers.push(...actionBlockers(c.expectedAction, action));
  return finishScore(c, { status: 'scored', action, actionInferredBy: record.action_inferred_by ?? null, dims, blockers, advisories, notAssessed }, ctx);
}

/** A skipped (no record) or errored case: every dimension 0/1, the availability blocker, never passing. */
function scoreUnavailable(c: Case, record: OutputRecord | undefined, ctx: ScoreContext): CaseScore {
  const code: BlockerCode = record ? 'errored' : 'skipped';
  const why = record ? `error: ${record.error}` : 'no output record for this case';
  const zero = (): DimensionScore => ({ num: 0, den: 1, failures: [why] });
  const dims = { outcome: zero(), process: zero(), action: zero(), efficiency: zero() };
  return finishScore(c, { status: code, action: null, actionInferredBy: null, dims, blockers: [{ code, detail: why }], advisories: [], notAssessed: [] }, ctx);
}

/** Counts checks into a dimension; failed checks add their blocker, advisory misses their finding. */
function tally(results: readonly CheckResult[], blockers: Blocker[], advisories: string[]): DimensionScore {
  const dim: DimensionScore = { num: 0, den: results.length, failures: [] };
  for (const r of results) {
    if (r.pass) {
      dim.num++;
      continue;
    }
    dim.failures.push(r.failure!);
    if (r.blocker) blockers.push({ code: r.blocker, detail: r.failure! });
    if (r.advisory) advisories.push(r.failure!);
  }
  return dim;
}

interface Scored {
  status: CaseScore['status'];
  action: CaseAction | null;
  actionInferredBy: string | null;
  dims: CaseDimensions;
  blockers: Blocker[];
  advisories: string[];
  notAssessed: string[];
}

/** Blocking/accepted blockers, the exact gate score and the pass verdict. */
function finishScore(c: Case, s: Scored, ctx: ScoreContext): CaseScore {
  const { thresholds } = ctx;
  const accepted = ctx.acceptedBlockers ?? NO_ACCEPTANCES;
  for (const d of [s.dims.outcome, s.dims.process, s.dims.action, s.dims.efficiency]) if (d.den === 0) { d.num = 1; d.den = 1; }
  // Advisory misses lower the displayed efficiency but never fail the case.
  const gateScore = meanOf([s.dims.outcome, s.dims.process, s.dims.action, { num: s.dims.efficiency.num + s.advisories.length, den: s.dims.efficiency.den }]);
  const score = (s.dims.outcome.num / s.dims.outcome.den + s.dims.process.num / s.dims.process.den + s.dims.action.num / s.dims.action.den + s.dims.efficiency.num / s.dims.efficiency.den) / 4;
  const codes = uniqueCodes(s.blockers);
  const isAccepted = (code: BlockerCode) => accepted.has('*') || accepted.has(code);
  const blocking = codes.filter((code) => (thresholds.failOnAnyBlocker || thresholds.blockingBlockers.includes(code)) && !isAccepted(code));
  const passed = s.status === 'scored' && blocking.length === 0 && meetsAtLeast(gateScore, thresholds.minCaseScore);
  return {
    caseId: c.id, status: s.status, action: s.action, actionInferredBy: s.actionInferredBy, behaviorMatch: s.action === c.expectedAction,
    dimensions: s.dims, score, gateScore, blockers: s.blockers, blocking, accepted: accepted.size === 0 ? [] : codes.filter(isAccepted),
    advisories: s.advisories, notAssessed: s.notAssessed, passed,
  };
}

function uniqueCodes(blockers: readonly Blocker[]): BlockerCode[] {
  const out: BlockerCode[] = [];
  for (const b of blockers) if (!out.includes(b.code)) out.push(b.code);
  return out;
}

/** The exact mean of ratios (each den > 0) as one reduced fraction. */
export function meanOf(parts: readonly Ratio[]): Ratio {
  let num = 0;
  let den = 1;
  for (const p of parts) {
    // num/den + p.num/p.den, kept reduced (denominators are small: counts of checks).
    num = num * p.den + p.num * den;
    den = den * p.den;
    const g = gcd(num, den);
    num /= g;
    den /= g;
  }
  den *= parts.length;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a || 1;
}
