/** Scores one system's output on one case along four dimensions and lists its blockers. */
import type { Case, CaseAction } from '../cases/CaseSchema.js';
import type { Blocker, BlockerCode } from './blockers.js';
import type { GatePolicy } from './GatePolicySchema.js';
import type { OutputRecord } from './OutputRecordSchema.js';
import { meetsAtLeast, type Ratio } from './Ratio.js';
import type { ResolvedThresholds } from './resolveThresholds.js';
import { actionBlockers, checkEfficiency, checkOutcome, checkProcess, prepareCase, type CheckResult, type PreparedCase } from './scoreChecks.js';

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
  /** The case prepared once for both sides (computed when absent). */
  prepared?: PreparedCase;
}

const NO_ACCEPTANCES: ReadonlySet<string> = new Set();

/** Scores `record` (undefined = skipped) against `c`. */
export function scoreCase(c: Case, record: OutputRecord | undefined, ctx: ScoreContext): CaseScore {
  if (!record || (record.error !== undefined && record.error !== null)) return scoreUnavailable(c, record, ctx);
  const action = record.action!;
  const prepared = ctx.prepared ?? prepareCase(c);
  const notAssessed: string[] = [];
  const blockers: Blocker[] = [];
  const advisories: string[] = [];
  const dims: CaseDimensions = {
    outcome: tally(checkOutcome(c, prepared, record, notAssessed), blockers, advisories),
    process: tally(checkProcess(c, prepared, record, action), blockers, advisories),
    action: action === c.expectedAction ? { num: 1, den: 1, failures: [] } : { num: 0, den: 1, failures: [`expected ${c.expectedAction}, got ${action}`] },
    efficiency: tally(checkEfficiency(c, record, ctx.policy), blockers, advisories),
  };
  if (action !== c.expectedAction) blockers.push(...actionBlockers(c.expectedAction, action));
  return finishScore(c, { status: 'scored', action, actionInferredBy: record.action_inferred_by ?? null, dims, blockers, advisories, notAssessed }, ctx);
}

/** A skipped (no record) or errored case: every dimension 0/1, the availability blocker, never passing. */
function scoreUnavailable(c: Case, record: OutputRecord | undefined, ctx: ScoreContext): CaseScore {
  const code: BlockerCode = record ? 'errored' : 'skipped';
  const why = record ? `error: ${record.error}` : 'no output record for this case';
  const dims = { outcome: zeroDimension(why), process: zeroDimension(why), action: zeroDimension(why), efficiency: zeroDimension(why) };
  return finishScore(c, { status: code, action: null, actionInferredBy: null, dims, blockers: [{ code, detail: why }], advisories: [], notAssessed: [] }, ctx);
}

function zeroDimension(why: string): DimensionScore {
  return { num: 0, den: 1, failures: [why] };
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
  const { outcome, process, action, efficiency } = s.dims;
  for (const d of [outcome, process, action, efficiency]) if (d.den === 0) { d.num = 1; d.den = 1; }
  // Advisory misses lower the displayed efficiency but never fail the case.
  const gateScore = meanOf([outcome, process, action, { num: efficiency.num + s.advisories.length, den: efficiency.den }]);
  const score = (outcome.num / outcome.den + process.num / process.den + action.num / action.den + efficiency.num / efficiency.den) / 4;
  const codes = uniqueCodes(s.blockers);
  const blocking: BlockerCode[] = [];
  const waived: BlockerCode[] = [];
  for (const code of codes) {
    if (isAccepted(accepted, code)) waived.push(code);
    else if (thresholds.failOnAnyBlocker || thresholds.blockingBlockers.includes(code)) blocking.push(code);
  }
  const passed = s.status === 'scored' && blocking.length === 0 && meetsAtLeast(gateScore, thresholds.minCaseScore);
  return {
    caseId: c.id, status: s.status, action: s.action, actionInferredBy: s.actionInferredBy, behaviorMatch: s.action === c.expectedAction,
    dimensions: s.dims, score, gateScore, blockers: s.blockers, blocking, accepted: waived, advisories: s.advisories, notAssessed: s.notAssessed, passed,
  };
}

function isAccepted(accepted: ReadonlySet<string>, code: BlockerCode): boolean {
  return accepted.size > 0 && (accepted.has('*') || accepted.has(code));
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
