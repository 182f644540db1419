import { holm } from '../stats/holm.js';
import { alwaysValidP } from '../stats/msprt.js';
import type { ArmSummary } from './armSummary.js';
import { metricEvidence, type MetricEvidence } from './metricEvidence.js';
import type { MetricName, Policy } from './policy.js';

/** A verdict for one metric or for the run. */
export type Verdict = 'PASS' | 'FAIL' | 'INCONCLUSIVE' | 'NODATA';

/** Per-metric memory carried between looks (hysteresis and the running sequential evidence). */
export interface MetricState {
  /** Largest sequential log-LR seen so far (−∞ before any). */
  maxLogLr: number;
  /** Rejected by Holm over always-valid p-values at some look (never reverts). */
  significant: boolean;
  /** Latched FAIL. */
  failed: boolean;
  passStreak: number;
  nonPassStreak: number;
  passed: boolean;
}

/** Everything decideCanary needs from the previous look; null/absent for the first look. */
export interface CanaryRunState {
  looks: number;
  metrics: Partial<Record<MetricName, MetricState>>;
}

/** One metric's verdict at this look. Effects are oriented so that > 0 is harm (see MetricEvidence). */
export interface MetricVerdict extends Omit<MetricEvidence, 'logLr' | 'insidePass' | 'beyondFail' | 'enoughForPass' | 'noData'> {
  metric: MetricName;
  verdict: Verdict;
  critical: boolean;
  /** Alpha weight > 0: this metric can FAIL. */
  gated: boolean;
  /** Always-valid p-value from the running max log-LR (1 when no evidence yet). */
  pSequential: number;
  reason: string;
}

/** Inputs of one canary look. */
export interface CanaryInput {
  policy: Policy;
  baseline: ArmSummary;
  canary: ArmSummary;
  previous?: CanaryRunState | null;
  /** Time since the canary started; at or beyond maxDuration the decision is final. */
  elapsedMs?: number;
}

/** A canary look's decision. */
export interface CanaryDecision {
  verdict: Verdict;
  reason: string;
  policyVersion: string;
  /** True once elapsedMs ≥ maxDuration: INCONCLUSIVE now means "pause for a human". */
  final: boolean;
  metrics: MetricVerdict[];
  state: CanaryRunState;
}

const fresh = (): MetricState => ({ maxLogLr: -Infinity, significant: false, failed: false, passStreak: 0, nonPassStreak: 0, passed: false });
const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;

/**
 * One look of a canary run. Per metric: FAIL needs significance (weighted Holm at the run's alpha over
 * always-valid sequential p-values, so any number of looks keeps the false-FAIL rate ≤ alpha) AND an
 * effect beyond the fail margin, and then latches; PASS needs minimum samples and the interval's upper
 * bound inside the pass margin for `consecutivePass` looks (and leaves PASS only after as many misses).
 */
export function decideCanary({ policy, baseline, canary, previous, elapsedMs = 0 }: CanaryInput): CanaryDecision {
  const cp = policy.canary;
  const names = (Object.keys(cp.metrics) as MetricName[]).filter((n) => cp.metrics[n]?.enabled);
  const final = elapsedMs >= cp.maxDurationMs;
  const looks = (previous?.looks ?? 0) + 1;
  const prevState = (n: MetricName): MetricState => previous?.metrics[n] ?? fresh();
  const ev = names.map((n) => metricEvidence(n, cp.metrics[n]!, baseline, canary, cp));
  const maxLogLr = names.map((n, i) => Math.max(prevState(n).maxLogLr, ev[i]!.noData ? -Infinity : (ev[i]!.logLr ?? -Infinity)));
  const pSeq = maxLogLr.map(alwaysValidP);
  const rejected = holm(pSeq, cp.alpha, names.map((n) => cp.metrics[n]!.alphaWeight)).rejected;
  const state: CanaryRunState = { looks, metrics: {} };
  const metrics = names.map((name, i): MetricVerdict => {
    const m = cp.metrics[name]!;
    const e = ev[i]!;
    const unit = m.kind === 'shift' ? (m.transform === 'none' ? 'raw' : 'rel') : 'rate';
    const prev = prevState(name);
    const s: MetricState = { ...prev, maxLogLr: maxLogLr[i]!, significant: prev.significant || rejected[i]! };
    let verdict: Verdict;
    let reason: string;
    const size = `${e.nCanary}/${e.nBaseline} canary/baseline`;
    if (s.failed || (s.significant && e.beyondFail && !e.noData)) {
      s.failed = true;
      verdict = 'FAIL';
      reason = `${name} worse: effect ${fmt(unit, e.effect)} beyond fail margin, sequential p ${pSeq[i]!.toExponential(2)} (${size})`;
    } else if (e.noData) {
      verdict = 'NODATA';
      reason = e.noData;
    } else {
      const candidate = e.enoughForPass && e.insidePass;
      s.passStreak = candidate ? prev.passStreak + 1 : 0;
      s.nonPassStreak = candidate ? 0 : prev.nonPassStreak + 1;
      s.passed = prev.passed ? s.nonPassStreak < cp.consecutivePass : s.passStreak >= cp.consecutivePass;
      verdict = s.passed ? 'PASS' : 'INCONCLUSIVE';
      reason = s.passed
        ? `${name} non-inferior: upper bound ${fmt(unit, e.upper)} inside pass margin (${size})`
        : !e.enoughForPass ? `${name}: below minimum samples (${size}, need ${m.minPerArm}/arm)`
        : candidate ? `${name}: inside pass margin, ${s.passStreak}/${cp.consecutivePass} consecutive looks`
        : `${name}: effect ${fmt(unit, e.effect)} [${fmt(unit, e.lower)}, ${fmt(unit, e.upper)}] neither beyond fail nor inside pass margin`;
    }
    state.metrics[name] = s;
    return {
      metric: name, verdict, critical: m.critical, gated: m.alphaWeight > 0, nBaseline: e.nBaseline, nCanary: e.nCanary,
      baseline: e.baseline, canary: e.canary, effect: e.effect, lower: e.lower, upper: e.upper, pFixed: e.pFixed,
      pSequential: pSeq[i]!, test: e.test, reason,
    };
  });
  const base = { policyVersion: policy.policyVersion, final, metrics, state };
  if (baseline.traces === 0 || canary.traces === 0) {
    return { ...base, verdict: 'NODATA', reason: `no traces in the ${baseline.traces === 0 ? 'baseline' : 'canary'} arm` };
  }
  const critical = metrics.filter((m) => m.critical);
  const critFail = critical.filter((m) => m.verdict === 'FAIL');
  if (critFail.length > 0) return { ...base, verdict: 'FAIL', reason: critFail.map((m) => m.reason).join('; ') };
  const anyFail = metrics.filter((m) => m.verdict === 'FAIL');
  if (anyFail.length === 0 && critical.every((m) => m.verdict === 'PASS')) {
    return { ...base, verdict: 'PASS', reason: `all ${critical.length} critical metrics pass and none fails` };
  }
  const pending = [...anyFail.map((m) => `${m.metric} FAIL (not critical)`), ...critical.filter((m) => m.verdict !== 'PASS').map((m) => `${m.metric} ${m.verdict}`)];
  return { ...base, verdict: 'INCONCLUSIVE', reason: `${final ? 'deadline reached, needs a human: ' : ''}${pending.join(', ')}` };
}

function fmt(unit: 'raw' | 'rel' | 'rate', v: number): string {
  const sign = v >= 0 ? '+' : '';
  if (unit === 'raw') return `${sign}${v.toPrecision(3)}`;
  return unit === 'rel' ? `${sign}${(100 * v).toFixed(1)}%` : `${sign}${pct(v)}`;
}
