/** The llm-eval-ops reference format's case (snake_case, closed enums), as a zod schema. */
import { z } from 'zod';
import { LLM_EVAL_OPS_ENUMS as E } from './llmEvalOpsEnums.js';

/** A closed enum whose error names the value and every allowed value. */
export function closedEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `unknown value ${JSON.stringify(issue.input)}; expected one of ${values.join(', ')}`,
  });
}

// null counts as absent, as in the reference loader (`payload.get(key) or default`).
const str = z.string().nullish();
const nonEmpty = z.string().min(1);
const strList = z.array(z.string()).nullish();
const num = z.number().finite().nullish();
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => closedEnum(values).nullish();

/** One reference case; fields it does not know are kept (passthrough) and land in provenance.metadata. */
export const LlmEvalOpsCaseSchema = z
  .looseObject({
    case_id: nonEmpty.nullish(),
    /** Legacy spelling of case_id. */
    id: nonEmpty.nullish(),
    question: str,
    /** Legacy spelling of question. */
    input: str,
    scenario: oneOf(E.scenario),
    tags: z.array(closedEnum(E.tags)).nullish(),
    expected_behavior: oneOf(E.expectedBehavior),
    expected_should_refuse: z.boolean().nullish(),
    risk_tier: oneOf(E.riskTier),
    business_criticality: oneOf(E.businessCriticality),
    difficulty: oneOf(E.difficulty),
    case_kind: oneOf(E.caseKind),
    supported_backends: z.array(closedEnum(E.supportedBackends)).nullish(),
    evidence_regime: oneOf(E.evidenceRegime),
    tier: oneOf(['trusted', 'monitoring']),
    bucket_id: str,
    gate_group: str,
    owner: str,
    notes: str,
    label_notes: str,
    reference_response_text: str,
    system_prompt: str,
    required_citation_ids: strList,
    acceptable_answer_facts: strList,
    forbidden_claims: strList,
    retrieved_doc_ids: strList,
    allowed_citation_ids: strList,
    required_tools: strList,
    latency_budget_ms: num,
    cost_budget_usd: num,
  })
  .superRefine((c, ctx) => {
    if (!c.case_id && !c.id) ctx.addIssue({ code: 'custom', path: ['case_id'], message: 'required non-empty string (case_id or id)' });
    if (!c.question && !c.input) ctx.addIssue({ code: 'custom', path: ['question'], message: 'required non-empty string (question or input)' });
  });
/** A validated reference case. */
export type LlmEvalOpsCase = z.infer<typeof LlmEvalOpsCaseSchema>;

/** The file: `{"cases": [...]}` (other top-level keys such as dataset_name allowed) or a bare array. */
export const LlmEvalOpsFileSchema = z.union([z.array(z.unknown()), z.looseObject({ cases: z.array(z.unknown()) })], {
  error: () => 'expected {"cases": [...]} or a JSON array of cases',
});

/** Keys the importer maps onto case fields; every other key is kept in `provenance.metadata`. */
export const MAPPED_KEYS: ReadonlySet<string> = new Set([
  'case_id', 'id', 'question', 'input', 'expected_behavior', 'bucket_id', 'risk_tier', 'evidence_regime',
  'gate_group', 'required_citation_ids', 'acceptable_answer_facts', 'forbidden_claims', 'retrieved_doc_ids',
  'allowed_citation_ids', 'required_tools', 'tags', 'owner', 'notes', 'label_notes', 'reference_response_text',
  'system_prompt', 'latency_budget_ms', 'cost_budget_usd', 'tier',
]);
