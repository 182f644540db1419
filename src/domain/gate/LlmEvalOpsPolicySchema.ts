/** The llm-eval-ops reference gate's policy file (`offline_gate_policy.json`), as a zod schema. */
import { z } from 'zod';
import { closedEnum } from '../cases/LlmEvalOpsCaseSchema.js';
import { LLM_EVAL_OPS_ENUMS as E } from '../cases/llmEvalOpsEnums.js';

const rate = z.number().min(0).max(1).nullish();
const count = z.number().int().nonnegative().nullish();

/** Thresholds of `global_defaults`, a risk tier or a bucket (all optional; unset inherits). */
export const LlmEvalOpsThresholdsSchema = z.looseObject({
  min_case_score: rate,
  min_bucket_avg_score: rate,
  min_bucket_pass_rate: rate,
  min_behavior_match_rate: rate,
  max_bucket_blockers: count,
  max_new_failures: count,
  max_new_blocking_failures: count,
  blocker_dimensions: z.array(z.string()).nullish(),
  fail_on_any_blocker: z.boolean().nullish(),
});
export type LlmEvalOpsThresholds = z.infer<typeof LlmEvalOpsThresholdsSchema>;

/** A hard-fail rule of the reference. */
export const LlmEvalOpsHardFailRuleSchema = z.looseObject({
  rule_id: z.string().min(1),
  description: z.string(),
  applies_to: z.enum(['single_run', 'comparison', 'both']).default('both'),
  bucket_ids: z.array(z.string()).default([]),
  risk_tiers: z.array(closedEnum(E.riskTier)).default([]),
  gate_groups: z.array(z.string()).default([]),
  expected_behaviors: z.array(closedEnum(E.expectedBehavior)).default([]),
  blockers: z.array(z.string()).default([]),
});
export type LlmEvalOpsHardFailRule = z.infer<typeof LlmEvalOpsHardFailRuleSchema>;

/** The whole policy file. */
export const LlmEvalOpsPolicySchema = z.looseObject({
  policy_version: z.string().min(1).default('offline_gate_policy:v1'),
  global_defaults: LlmEvalOpsThresholdsSchema.nullish(),
  weighted_dimensions: z.record(z.string(), z.number().nonnegative()).nullish(),
  risk_tier_thresholds: z.partialRecord(closedEnum(E.riskTier), LlmEvalOpsThresholdsSchema).default({}),
  bucket_thresholds: z.record(z.string(), LlmEvalOpsThresholdsSchema).default({}),
  hard_fail_rules: z.array(LlmEvalOpsHardFailRuleSchema).default([]),
});
export type LlmEvalOpsPolicy = z.infer<typeof LlmEvalOpsPolicySchema>;

/** The reference's top-level keys: a policy file with any of them is read as that format. */
export const LLM_EVAL_OPS_POLICY_KEYS = ['policy_version', 'global_defaults', 'weighted_dimensions', 'risk_tier_thresholds', 'bucket_thresholds', 'hard_fail_rules'] as const;

/** True when `value` looks like a reference policy file (an object with one of its top-level keys). */
export function isLlmEvalOpsPolicy(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && LLM_EVAL_OPS_POLICY_KEYS.some((k) => k in value);
}
