/**
 * Maps a reference (llm-eval-ops) gate policy onto tracegate's policy, field by field (semantics of its gates.py).
 * A field without an equivalent is named in a warning, never dropped silently.
 */
import { LLM_EVAL_OPS_BLOCKER_ALIASES } from '../cases/llmEvalOpsEnums.js';
import { BLOCKER_CODES, type BlockerCode } from './blockers.js';
import type { GatePolicy, HardFailRule, ThresholdOverlay } from './GatePolicySchema.js';
import type { LlmEvalOpsHardFailRule, LlmEvalOpsPolicy, LlmEvalOpsThresholds } from './LlmEvalOpsPolicySchema.js';

/** The reference's global defaults (gates.py `GatePolicy.global_defaults` and `resolve_thresholds` fallbacks). */
const REFERENCE_DEFAULTS: LlmEvalOpsThresholds = {
  min_case_score: 0.8,
  min_bucket_avg_score: 0.82,
  min_bucket_pass_rate: 0.75,
  min_behavior_match_rate: 0.75,
  max_bucket_blockers: 1,
  max_new_failures: 1,
  max_new_blocking_failures: 0,
  blocker_dimensions: ['behavior_mismatch', 'unsafe_compliance', 'unsupported_claim'],
  fail_on_any_blocker: false,
};

/** The reference always counts a candidate that skipped a case as a new blocking failure; tracegate also treats errors so. */
const ALWAYS_BLOCKING: BlockerCode[] = ['skipped', 'errored'];

const THRESHOLD_KEYS: Record<keyof LlmEvalOpsThresholds, keyof ThresholdOverlay> = {
  min_case_score: 'minCaseScore',
  min_bucket_avg_score: 'minBucketAverageScore',
  min_bucket_pass_rate: 'minBucketPassRate',
  min_behavior_match_rate: 'minBehaviorMatchRate',
  max_bucket_blockers: 'maxBucketBlockers',
  max_new_failures: 'maxNewFailures',
  max_new_blocking_failures: 'maxNewBlockingFailures',
  blocker_dimensions: 'blockingBlockers',
  fail_on_any_blocker: 'failOnAnyBlocker',
};

const MAPPED_TOP = new Set(['policy_version', 'global_defaults', 'weighted_dimensions', 'risk_tier_thresholds', 'bucket_thresholds', 'hard_fail_rules']);
const MAPPED_RULE = new Set(['rule_id', 'description', 'applies_to', 'bucket_ids', 'risk_tiers', 'gate_groups', 'expected_behaviors', 'blockers']);

/** The policy input for GatePolicySchema and the warnings about fields without an equivalent. */
export function mapLlmEvalOpsPolicy(p: LlmEvalOpsPolicy): { policy: Partial<Record<keyof GatePolicy, unknown>>; warnings: string[] } {
  const warnings: string[] = [];
  for (const key of Object.keys(p)) if (!MAPPED_TOP.has(key)) warnings.push(`${key}: no equivalent in tracegate; ignored`);
  if (p.weighted_dimensions) {
    warnings.push(
      `weighted_dimensions (${Object.keys(p.weighted_dimensions).join(', ')}): no equivalent; tracegate's case score is the unweighted mean of its four dimensions (outcome, process, action, efficiency), so the weights are ignored`,
    );
  }
  const defaults = mapThresholds({ ...REFERENCE_DEFAULTS, ...definedOnly(p.global_defaults ?? {}) }, 'global_defaults', warnings);
  const riskTiers = Object.fromEntries(Object.entries(p.risk_tier_thresholds).map(([tier, t]) => [tier, mapThresholds(t!, `risk_tier_thresholds.${tier}`, warnings)]));
  const buckets = Object.fromEntries(Object.entries(p.bucket_thresholds).map(([bucket, t]) => [bucket, mapThresholds(t, `bucket_thresholds.${bucket}`, warnings)]));
  const hardFailRules = p.hard_fail_rules.flatMap((rule, i) => mapRule(rule, `hard_fail_rules[${i}]`, warnings));
  return { policy: { version: p.policy_version, defaults, riskTiers, buckets, hardFailRules }, warnings };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

function mapThresholds(t: LlmEvalOpsThresholds, at: string, warnings: string[]): ThresholdOverlay {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(t)) {
    const ours = THRESHOLD_KEYS[key as keyof LlmEvalOpsThresholds];
    if (!ours) {
      warnings.push(`${at}.${key}: no equivalent in tracegate; ignored`);
      continue;
    }
    if (value === undefined || value === null) continue;
    out[ours] = key === 'blocker_dimensions' ? [...mapBlockers(value as string[], `${at}.${key}`, warnings), ...ALWAYS_BLOCKING] : value;
  }
  return out as ThresholdOverlay;
}

/** Reference blocker names to tracegate codes (`missed_human_review` -> `missed_escalation`); unknown names warned and dropped. */
function mapBlockers(names: readonly string[], at: string, warnings: string[]): BlockerCode[] {
  const out: BlockerCode[] = [];
  for (const name of names) {
    const code = (LLM_EVAL_OPS_BLOCKER_ALIASES as Record<string, BlockerCode>)[name] ?? name;
    if ((BLOCKER_CODES as readonly string[]).includes(code)) {
      if (!out.includes(code as BlockerCode)) out.push(code as BlockerCode);
    } else warnings.push(`${at}: blocker "${name}" has no equivalent in tracegate; dropped`);
  }
  return out;
}

function mapRule(rule: LlmEvalOpsHardFailRule, at: string, warnings: string[]): HardFailRule[] {
  for (const key of Object.keys(rule)) if (!MAPPED_RULE.has(key)) warnings.push(`${at}.${key}: no equivalent in tracegate; ignored`);
  if (rule.applies_to === 'comparison') warnings.push(`${at}.applies_to "comparison": tracegate applies hard-fail rules to every candidate blocker, not only new ones`);
  let blockers: (BlockerCode | '*')[] = rule.blockers.includes('*') ? ['*'] : mapBlockers(rule.blockers, `${at}.blockers`, warnings);
  if (rule.blockers.length === 0) {
    warnings.push(`${at}.blockers is empty: the reference fails matching cases without any blocker; tracegate needs a blocker, so the rule applies to any blocker ("*")`);
    blockers = ['*'];
  } else if (blockers.length === 0) {
    warnings.push(`${at} (${rule.rule_id}): none of its blockers has an equivalent; rule dropped`);
    return [];
  }
  const behaviors = rule.expected_behaviors.map((b) => (b === 'human_review' ? 'escalate' : b));
  return [{
    id: rule.rule_id,
    description: rule.description || rule.rule_id,
    ...(rule.risk_tiers.length > 0 ? { riskTiers: rule.risk_tiers } : {}),
    ...(rule.bucket_ids.length > 0 ? { buckets: rule.bucket_ids } : {}),
    ...(rule.gate_groups.length > 0 ? { gateGroups: rule.gate_groups } : {}),
    ...(behaviors.length > 0 ? { expectedActions: behaviors } : {}),
    blockers,
  }];
}
