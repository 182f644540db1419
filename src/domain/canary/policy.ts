import { z } from 'zod';

/** Fields shared by every canary metric. */
const MetricCommon = {
  enabled: z.boolean(),
  /** A FAIL of a critical metric fails the whole run; PASS of the run needs every critical metric to PASS. */
  critical: z.boolean(),
  /** Share of the run's alpha (weighted Holm). 0 = reported only, can never FAIL. */
  alphaWeight: z.number().min(0),
  /** Samples per arm needed before PASS. */
  minPerArm: z.number().int().min(1),
  /** Samples per arm needed before the sequential test counts evidence (normal-approximation floor). */
  minFailPerArm: z.number().int().min(1),
};

/** A rate metric (trace-level flag): margins are absolute differences and relative ratios of the rates. */
export const ProportionMetricSchema = z.strictObject({
  kind: z.literal('proportion'),
  ...MetricCommon,
  /** FAIL needs p_c − p_b ≥ failAbs AND p_c / p_b ≥ failRel (the larger margin wins). */
  failAbs: z.number().min(0).max(1),
  failRel: z.number().min(1),
  /** PASS needs the upper bound of p_c − p_b below max(passAbs, (passRel − 1)·p_b). */
  passAbs: z.number().min(0).max(1),
  passRel: z.number().min(1),
  /** Baseline events needed before PASS. */
  minBaselineEvents: z.number().int().min(0),
  /** Effect (absolute rate increase) the sequential test is tuned to detect fastest (SPRT alternative / mSPRT τ). */
  detectAbs: z.number().gt(0).max(1),
});

/** A location shift (Mann-Whitney + Hodges-Lehmann) on a transformed distribution; effects are relative changes for log transforms. */
export const ShiftMetricSchema = z.strictObject({
  kind: z.literal('shift'),
  ...MetricCommon,
  transform: z.enum(['log', 'log1p', 'none']),
  /** Which change is harmful. */
  direction: z.enum(['increase', 'decrease']),
  /** FAIL needs the HL effect ≥ failMargin (relative, e.g. 0.1 = +10%, for log transforms; raw units for `none`). */
  failMargin: z.number().gt(0),
  /** PASS needs the interval's harmful bound below passMargin. */
  passMargin: z.number().gt(0),
  /** Effect the sequential test is tuned to detect fastest. */
  detectEffect: z.number().gt(0),
});

/** A tail test: the share of each arm above the pooled q-quantile (from sketches), compared like a rate. */
export const ExceedanceMetricSchema = z.strictObject({
  kind: z.literal('exceedance'),
  ...MetricCommon,
  q: z.number().gt(0.5).lt(1),
  failAbs: z.number().min(0).max(1),
  failRel: z.number().min(1),
  passAbs: z.number().min(0).max(1),
  passRel: z.number().min(1),
  detectAbs: z.number().gt(0).max(1),
});

/** Any canary metric's settings. */
export const MetricPolicySchema = z.discriminatedUnion('kind', [ProportionMetricSchema, ShiftMetricSchema, ExceedanceMetricSchema]);
/** Any canary metric's settings. */
export type MetricPolicy = z.infer<typeof MetricPolicySchema>;

/** The metric catalogue keys a policy may configure. */
export const METRIC_NAMES = [
  'refusal', 'escalation', 'abstention', 'toolError', 'retry', 'contentFilter', 'error', 'negativeFeedback',
  'latencyP50', 'latencyP95', 'latencyP99', 'ttftP50', 'cost', 'tokens', 'toolCalls', 'spanCount', 'judgeScore',
] as const;
/** A metric catalogue key. */
export type MetricName = (typeof METRIC_NAMES)[number];

/** Resolved canary section (durations in ms). */
export const CanaryPolicySchema = z.strictObject({
  /** False-FAIL budget for the whole run, across all metrics and all looks. */
  alpha: z.number().gt(0).lt(0.5),
  evaluateEveryMs: z.number().int().positive(),
  maxDurationMs: z.number().int().positive(),
  /** Consecutive looks meeting the PASS rule before PASS (and failing it before leaving PASS). */
  consecutivePass: z.number().int().min(1),
  /** Two-sided confidence of the reported intervals; PASS uses its upper bound (0.9 → one-sided 95%). */
  intervalConfidence: z.number().gt(0.5).lt(1),
  /** `sprt`: point-alternative SPRT at detect effect; `msprt`: one-sided normal-mixture with τ = detect effect. */
  sequential: z.enum(['sprt', 'msprt']),
  sketchRelativeAccuracy: z.number().gt(0).lt(0.2),
  rawSampleLimit: z.number().int().min(50),
  metrics: z.record(z.enum(METRIC_NAMES), MetricPolicySchema),
});
/** Resolved canary section. */
export type CanaryPolicy = z.infer<typeof CanaryPolicySchema>;

/** Resolved drift section (durations in ms). */
export const DriftPolicySchema = z.strictObject({
  windowMs: z.number().int().positive(),
  reference: z.strictObject({
    anchor: z.enum(['last-promoted-release', 'rolling']),
    /** Length of the anchored reference after promotion. */
    anchoredMs: z.number().int().positive(),
    /** Length of the rolling reference. */
    rollingMs: z.number().int().positive(),
  }),
  /** Per-window one-sided test level. */
  alphaWindow: z.number().gt(0).lt(0.5),
  consecutiveFail: z.number().int().min(1),
  consecutiveClear: z.number().int().min(1),
  /** Windows with fewer traces are NODATA. */
  minPerWindow: z.number().int().min(1),
  /** Absolute rate increase a window must also show to count as failing. */
  failAbs: z.number().min(0).max(1),
  cusum: z.strictObject({ rel: z.number().gt(1), h: z.number().gt(0) }),
  latency: z.strictObject({ quantile: z.number().gt(0).lt(1), bandSigma: z.number().gt(0), minChunks: z.number().int().min(2) }),
});
/** Resolved drift section. */
export type DriftPolicy = z.infer<typeof DriftPolicySchema>;

/** A fully resolved, validated policy. */
export const PolicySchema = z.strictObject({
  policyVersion: z.string().min(1),
  canary: CanaryPolicySchema,
  drift: DriftPolicySchema,
});
/** A fully resolved, validated policy. */
export type Policy = z.infer<typeof PolicySchema>;
