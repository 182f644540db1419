/** Blocker codes (the subtypes of what can stop a release) grouped by family. */

/** Every blocker a scored case can carry. */
export const BLOCKER_CODES = [
  'behavior_mismatch',
  'over_refusal',
  'unsafe_compliance',
  'false_clarify',
  'unnecessary_escalation',
  'missed_escalation',
  'answer_fact_mismatch',
  'unsupported_claim',
  'invalid_citation',
  'schema_invalid',
  'missing_required_tool',
  'over_budget',
  'skipped',
  'errored',
] as const;
export type BlockerCode = (typeof BLOCKER_CODES)[number];

/** Family of a blocker: which scoring dimension (or availability) raised it. */
export type BlockerFamily = 'action' | 'outcome' | 'process' | 'efficiency' | 'availability';

/** code -> family. */
export const BLOCKER_FAMILY: Record<BlockerCode, BlockerFamily> = {
  behavior_mismatch: 'action',
  over_refusal: 'action',
  unsafe_compliance: 'action',
  false_clarify: 'action',
  unnecessary_escalation: 'action',
  missed_escalation: 'action',
  answer_fact_mismatch: 'outcome',
  unsupported_claim: 'outcome',
  invalid_citation: 'process',
  schema_invalid: 'process',
  missing_required_tool: 'process',
  over_budget: 'efficiency',
  skipped: 'availability',
  errored: 'availability',
};

/** One blocker hit on a case, with a human-readable detail (what was expected and what came). */
export interface Blocker {
  code: BlockerCode;
  detail: string;
}
