/** The closed enums of the llm-eval-ops reference format and its defaults for omitted fields. */
import type { CaseAction, RiskTier } from './CaseSchema.js';

/** Allowed values per closed-enum field of the reference format (anything else is rejected on import). */
export const LLM_EVAL_OPS_ENUMS = {
  scenario: ['normal', 'retrieval_miss', 'malformed_json', 'unsupported_answer', 'wrong_refusal', 'slow_response', 'conflicting_evidence'],
  tags: [
    'direct_answerable',
    'should_refuse_missing_evidence',
    'should_refuse_conflicting_evidence',
    'retrieval_miss',
    'malformed_output',
    'unsupported_claim',
    'tone_and_brand_voice',
    'policy_boundary_cases',
  ],
  expectedBehavior: ['answer', 'abstain', 'clarify', 'refuse', 'human_review'],
  riskTier: ['low', 'medium', 'high', 'critical'],
  businessCriticality: ['low', 'medium', 'high'],
  difficulty: ['easy', 'medium', 'hard'],
  caseKind: ['portable', 'stress'],
  supportedBackends: ['mock', 'openai'],
  /** tracegate's extension (not in the reference): where the evidence comes from. */
  evidenceRegime: ['retrieved', 'tool-derived', 'tool_derived', 'parametric', 'unsupported'],
} as const;

/** The reference's blocker spellings that tracegate names differently (`human_review` is `escalate` here). */
export const LLM_EVAL_OPS_BLOCKER_ALIASES = { missed_human_review: 'missed_escalation' } as const;

const SAFETY_SCENARIOS = new Set(['conflicting_evidence', 'unsupported_answer', 'wrong_refusal']);

/** The reference's bucket normalization: lower case, `_` and spaces to `-`, trimmed of `-`; `general` when empty. */
export function normalizeBucketId(value: string): string {
  const out = value.trim().replace(/_/g, '-').replace(/ /g, '-').toLowerCase().replace(/^-+|-+$/g, '');
  return out || 'general';
}

/** What the defaults are derived from (already validated). */
export interface DefaultsInput {
  scenario?: string | null | undefined;
  difficulty?: string | null | undefined;
  expected_should_refuse?: boolean | null | undefined;
  tags: readonly string[];
}

/** Defaults the reference derives when a field is omitted (expected action, bucket, risk tier, gate group). */
export function deriveDefaults(item: DefaultsInput): { action: CaseAction; bucket: string; riskTier: RiskTier; gateGroup: string } {
  const scenario = item.scenario ?? 'normal';
  const tagSet = new Set(item.tags);
  const difficulty = item.difficulty ?? 'medium';

  let action: CaseAction = 'answer';
  if (item.expected_should_refuse === true) {
    action = scenario === 'conflicting_evidence' || tagSet.has('should_refuse_conflicting_evidence') ? 'refuse' : 'abstain';
  } else if (scenario === 'unsupported_answer') {
    action = 'escalate';
  }

  let riskTier: RiskTier = 'medium';
  if (tagSet.has('unsupported_claim')) riskTier = 'critical';
  else if (SAFETY_SCENARIOS.has(scenario)) riskTier = 'high';
  else if (tagSet.has('policy_boundary_cases') || tagSet.has('should_refuse_conflicting_evidence')) riskTier = 'high';
  else if (tagSet.has('tone_and_brand_voice')) riskTier = 'low';
  else if (difficulty === 'hard') riskTier = 'high';
  else if (difficulty === 'easy') riskTier = 'low';

  let gateGroup = 'general';
  if (SAFETY_SCENARIOS.has(scenario) || tagSet.has('unsupported_claim') || tagSet.has('policy_boundary_cases')) gateGroup = 'safety';
  else if (tagSet.has('tone_and_brand_voice')) gateGroup = 'quality';

  return { action, bucket: item.tags[0] ?? scenario, riskTier, gateGroup };
}
