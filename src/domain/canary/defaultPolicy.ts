import type { MetricName, MetricPolicy, Policy } from './policy.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const rate = (o: Partial<Extract<MetricPolicy, { kind: 'proportion' }>>): MetricPolicy => ({
  kind: 'proportion', enabled: true, critical: false, alphaWeight: 0, minPerArm: 300, minFailPerArm: 50,
  failAbs: 0.02, failRel: 1.5, passAbs: 0.01, passRel: 1.25, minBaselineEvents: 10, detectAbs: 0.04, ...o,
});
const shift = (o: Partial<Extract<MetricPolicy, { kind: 'shift' }>>): MetricPolicy => ({
  kind: 'shift', enabled: true, critical: false, alphaWeight: 0, minPerArm: 100, minFailPerArm: 30,
  transform: 'log', direction: 'increase', failMargin: 0.1, passMargin: 0.05, detectEffect: 0.2, ...o,
});
const tail = (o: Partial<Extract<MetricPolicy, { kind: 'exceedance' }>>): MetricPolicy => ({
  kind: 'exceedance', enabled: true, critical: false, alphaWeight: 0, minPerArm: 250, minFailPerArm: 100, q: 0.95,
  failAbs: 0.02, failRel: 1.5, passAbs: 0.015, passRel: 1.3, detectAbs: 0.04, ...o,
});

/**
 * Out-of-the-box metrics. Six gate the run (critical, with a share of alpha); the rest are reported
 * with effects and intervals but carry alpha weight 0, so they can never FAIL (give them weight to gate).
 */
export const DEFAULT_METRICS: Record<MetricName, MetricPolicy> = {
  refusal: rate({ critical: true, alphaWeight: 1 }),
  escalation: rate({ critical: true, alphaWeight: 1, detectAbs: 0.03 }),
  toolError: rate({ critical: true, alphaWeight: 1, failAbs: 0.01, passAbs: 0.005, detectAbs: 0.025 }),
  error: rate({ critical: true, alphaWeight: 1, failAbs: 0.01, passAbs: 0.005, detectAbs: 0.02, minBaselineEvents: 5 }),
  abstention: rate({}),
  retry: rate({ failAbs: 0.01, passAbs: 0.005 }),
  contentFilter: rate({ failAbs: 0.01, passAbs: 0.005, detectAbs: 0.02 }),
  negativeFeedback: rate({ minPerArm: 200 }),
  latencyP50: shift({ critical: true, alphaWeight: 0.5 }),
  latencyP95: tail({ critical: true, alphaWeight: 0.5 }),
  latencyP99: tail({ q: 0.99, minPerArm: 1200, minFailPerArm: 500, failAbs: 0.005, passAbs: 0.004, detectAbs: 0.01 }),
  ttftP50: shift({}),
  cost: shift({ failMargin: 0.15, passMargin: 0.08, detectEffect: 0.25 }),
  tokens: shift({ failMargin: 0.15, passMargin: 0.08, detectEffect: 0.25 }),
  toolCalls: shift({ transform: 'log1p', failMargin: 0.2, passMargin: 0.1, detectEffect: 0.3 }),
  spanCount: shift({ transform: 'log1p', failMargin: 0.2, passMargin: 0.1, detectEffect: 0.3 }),
  judgeScore: shift({ enabled: false, transform: 'none', direction: 'decrease', failMargin: 0.05, passMargin: 0.02, detectEffect: 0.08 }),
};

/** The policy used when a team has not written one (and the base every policy file is merged onto). */
export const DEFAULT_POLICY: Policy = {
  policyVersion: 'default-1',
  canary: {
    alpha: 0.05,
    evaluateEveryMs: 15 * MIN,
    maxDurationMs: 4 * HOUR,
    consecutivePass: 2,
    intervalConfidence: 0.9,
    sequential: 'sprt',
    sketchRelativeAccuracy: 0.01,
    rawSampleLimit: 2000,
    metrics: DEFAULT_METRICS,
  },
  drift: {
    windowMs: HOUR,
    reference: { anchor: 'last-promoted-release', anchoredMs: 7 * DAY, rollingMs: 28 * DAY },
    alphaWindow: 0.01,
    consecutiveFail: 2,
    consecutiveClear: 2,
    minPerWindow: 100,
    failAbs: 0.01,
    cusum: { rel: 1.5, h: 5 },
    latency: { quantile: 0.95, bandSigma: 3, minChunks: 24 },
  },
};
