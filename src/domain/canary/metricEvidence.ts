import { fisherMidP } from '../stats/fisherMidP.js';
import { hodgesLehmann } from '../stats/hodgesLehmann.js';
import { fewDistinctValues, meanDifference } from '../stats/meanDifference.js';
import { mannWhitneyU } from '../stats/mannWhitney.js';
import { oneSidedMsprtLogLr, sprtLogLr } from '../stats/msprt.js';
import { newcombeInterval } from '../stats/newcombe.js';
import { sketchExceedance } from '../stats/sketch.js';
import { normalInv } from '../stats/distributions.js';
import { twoProportionZ } from '../stats/twoProportionZ.js';
import type { ArmSummary } from './armSummary.js';
import type { CanaryPolicy, MetricName, MetricPolicy } from './policy.js';
import type { DistField, RateField } from './TraceObservation.js';

/** What one look says about one metric, before multiplicity and hysteresis. Effects are oriented so that > 0 is harm. */
export interface MetricEvidence {
  /** Reason when an arm has no data for this metric, else null. */
  noData: string | null;
  nBaseline: number;
  nCanary: number;
  /** Baseline / canary level (rate, median or tail quantile in the metric's units). */
  baseline: number;
  canary: number;
  /** Effect: rate difference, relative change (log transforms) or exceedance-share difference. */
  effect: number;
  lower: number;
  upper: number;
  /** Sequential log-LR for harm at this look; null below minFailPerArm. */
  logLr: number | null;
  /** Fixed-sample one-sided p-value at this look (display only; not sequentially valid). */
  pFixed: number | null;
  beyondFail: boolean;
  insidePass: boolean;
  enoughForPass: boolean;
  /** Short description of the test used. */
  test: string;
}

const RATE_SOURCE: Partial<Record<MetricName, RateField>> = {
  refusal: 'refused', escalation: 'escalated', abstention: 'abstained', toolError: 'toolError', retry: 'retried',
  contentFilter: 'contentFilter', error: 'error', negativeFeedback: 'feedbackNegative',
};
const DIST_SOURCE: Partial<Record<MetricName, DistField>> = {
  latencyP50: 'latencyMs', latencyP95: 'latencyMs', latencyP99: 'latencyMs', ttftP50: 'ttftMs', cost: 'costUsd',
  tokens: 'tokens', toolCalls: 'toolCalls', spanCount: 'spanCount', judgeScore: 'judgeScore',
};

const empty = (reason: string, nb: number, nc: number): MetricEvidence => ({
  noData: reason, nBaseline: nb, nCanary: nc, baseline: Number.NaN, canary: Number.NaN, effect: Number.NaN, lower: Number.NaN,
  upper: Number.NaN, logLr: null, pFixed: null, beyondFail: false, insidePass: false, enoughForPass: false, test: 'none',
});

type Margins = { failAbs: number; failRel: number; passAbs: number; passRel: number; detectAbs: number; minPerArm: number; minFailPerArm: number };

/** Two counts compared as rates: Newcombe interval, SPRT/mSPRT on the pooled-variance difference, z or Fisher mid-p. */
export function proportionEvidence(
  b: { n: number; events: number }, c: { n: number; events: number }, m: Margins, policy: CanaryPolicy, minBaselineEvents = 0,
): MetricEvidence {
  if (b.n === 0 || c.n === 0) return empty(`no traces with this fact in the ${b.n === 0 ? 'baseline' : 'canary'}`, b.n, c.n);
  const pb = b.events / b.n;
  const pc = c.events / c.n;
  const ci = newcombeInterval(c.events, c.n, b.events, b.n, policy.intervalConfidence);
  const failMargin = Math.max(m.failAbs, (m.failRel - 1) * pb);
  const passMargin = Math.max(m.passAbs, (m.passRel - 1) * pb);
  const pooled = Math.max((b.events + c.events) / (b.n + c.n), 0.5 / (b.n + c.n));
  const se = Math.sqrt(pooled * (1 - Math.min(pooled, 0.5)) * (1 / b.n + 1 / c.n));
  const enoughForFail = b.n >= m.minFailPerArm && c.n >= m.minFailPerArm;
  const seq = { estimate: ci.estimate, se };
  const logLr = !enoughForFail ? null : policy.sequential === 'sprt' ? sprtLogLr({ ...seq, effect: m.detectAbs }) : oneSidedMsprtLogLr({ ...seq, tau: m.detectAbs });
  const total = b.n + c.n;
  const ev = b.events + c.events;
  const smallCell = Math.min(ev * b.n, ev * c.n, (total - ev) * b.n, (total - ev) * c.n) / total < 5;
  return {
    noData: null, nBaseline: b.n, nCanary: c.n, baseline: pb, canary: pc, effect: ci.estimate, lower: ci.lower, upper: ci.upper,
    logLr, pFixed: smallCell ? fisherMidP(c.events, c.n, b.events, b.n).pMid : twoProportionZ(c.events, c.n, b.events, b.n).pGreater,
    beyondFail: ci.estimate >= failMargin && ci.estimate > 0, insidePass: ci.upper < passMargin,
    enoughForPass: b.n >= m.minPerArm && c.n >= m.minPerArm && b.events >= minBaselineEvents,
    test: `${policy.sequential} on rate difference; ${smallCell ? 'Fisher mid-p' : 'z'} fixed p`,
  };
}

function transform(kind: 'log' | 'log1p' | 'none', sign: number): (v: number) => number {
  if (kind === 'log') return (v) => sign * Math.log(Math.max(v, 1e-9));
  if (kind === 'log1p') return (v) => sign * Math.log1p(Math.max(v, 0));
  return (v) => sign * v;
}

/** Location shift: Mann-Whitney + Hodges-Lehmann on the bounded raw samples; SPRT on the HL shift with its CI-derived SE. */
function shiftEvidence(b: ArmSummary, c: ArmSummary, field: DistField, m: Extract<MetricPolicy, { kind: 'shift' }>, policy: CanaryPolicy): MetricEvidence {
  const db = b.dists[field];
  const dc = c.dists[field];
  if (db.seen === 0 || dc.seen === 0) return empty(`no ${field} values in the ${db.seen === 0 ? 'baseline' : 'canary'}`, db.seen, dc.seen);
  const sign = m.direction === 'increase' ? 1 : -1;
  const t = transform(m.transform, sign);
  const x = db.sample.map(t);
  const y = dc.sample.map(t);
  // Heavily tied values (a judge's 1-5 scores, small counts): Hodges-Lehmann's median of pairwise
  // differences jumps between the few possible values and its interval collapses, so the shift is the
  // difference of means with its normal interval instead.
  const tied = fewDistinctValues(x, y);
  const hl = tied ? meanDifference(x, y, policy.intervalConfidence) : hodgesLehmann(x, y, policy.intervalConfidence);
  const mw = mannWhitneyU(x, y);
  const isLog = m.transform !== 'none';
  const toEffect = (s: number): number => (isLog ? Math.expm1(s) : s);
  const toShift = (e: number): number => (isLog ? Math.log1p(e) : e);
  const se = (hl.upper - hl.lower) / (2 * normalInv(1 - (1 - policy.intervalConfidence) / 2));
  const enoughForFail = x.length >= m.minFailPerArm && y.length >= m.minFailPerArm && se > 0;
  const seq = { estimate: hl.estimate, se };
  const detect = toShift(m.detectEffect);
  const logLr = !enoughForFail ? null : policy.sequential === 'sprt' ? sprtLogLr({ ...seq, effect: detect }) : oneSidedMsprtLogLr({ ...seq, tau: detect });
  return {
    noData: null, nBaseline: db.seen, nCanary: dc.seen,
    baseline: db.sketch.getValueAtQuantile(0.5), canary: dc.sketch.getValueAtQuantile(0.5),
    effect: toEffect(hl.estimate), lower: toEffect(hl.lower), upper: toEffect(hl.upper), logLr, pFixed: mw.pGreater,
    beyondFail: hl.estimate >= toShift(m.failMargin), insidePass: hl.upper < toShift(m.passMargin),
    enoughForPass: x.length >= m.minPerArm && y.length >= m.minPerArm,
    test: `${policy.sequential} on ${tied ? 'mean difference (tied values)' : 'Hodges-Lehmann shift'} (${m.transform}, n=${x.length}/${y.length} raw); Mann-Whitney fixed p`,
  };
}

/** Evidence for one catalogue metric from two arm summaries. */
export function metricEvidence(name: MetricName, m: MetricPolicy, b: ArmSummary, c: ArmSummary, policy: CanaryPolicy): MetricEvidence {
  if (m.kind === 'proportion') {
    const f = RATE_SOURCE[name];
    if (!f) return empty(`metric ${name} is not a rate`, 0, 0);
    return proportionEvidence(b.rates[f], c.rates[f], m, policy, m.minBaselineEvents);
  }
  const field = DIST_SOURCE[name];
  if (!field) return empty(`metric ${name} is not a distribution`, 0, 0);
  if (m.kind === 'shift') return shiftEvidence(b, c, field, m, policy);
  const sb = b.dists[field].sketch;
  const sc = c.dists[field].sketch;
  if (sb.count === 0 || sc.count === 0) return empty(`no ${field} values in the ${sb.count === 0 ? 'baseline' : 'canary'}`, sb.count, sc.count);
  const ex = sketchExceedance(sb, sc, m.q, policy.sketchRelativeAccuracy);
  const ev = proportionEvidence({ n: ex.baselineN, events: ex.baselineAbove }, { n: ex.canaryN, events: ex.canaryAbove }, m, policy);
  return {
    ...ev, baseline: sb.getValueAtQuantile(m.q), canary: sc.getValueAtQuantile(m.q),
    test: `${policy.sequential} on share above pooled p${Math.round(m.q * 100)} (${ex.threshold.toFixed(1)}) from sketches`,
  };
}
