/**
 * Export of native cases to the llm-eval-ops reference gate's `{"cases": [...]}` format. Its loader
 * rejects a whole file on any value outside its closed sets, so every enum here is mapped into them.
 */
import type { Case } from '../cases/CaseSchema.js';
import { LLM_EVAL_OPS_ENUMS, normalizeBucketId } from '../cases/llmEvalOpsEnums.js';

/** The reference's EvalTag set: the only tags its loader accepts (one list: the import's closed set). */
export const LLM_EVAL_OPS_TAGS = LLM_EVAL_OPS_ENUMS.tags;

const BEHAVIOR = { answer: 'answer', abstain: 'abstain', clarify: 'clarify', refuse: 'refuse', escalate: 'human_review' } as const;
const CRITICALITY = { low: 'low', medium: 'medium', high: 'high', critical: 'high' } as const;

function humanize(id: string): string {
  return id.replace(/[-_]/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

/** Tags within the reference's set: the case's own that belong to it, plus ones its labels imply. */
function tagsOf(c: Case): string[] {
  const allowed = new Set<string>(LLM_EVAL_OPS_TAGS);
  const out = new Set(c.tags.map((t) => t.replace(/-/g, '_')).filter((t) => allowed.has(t)));
  if (c.expectedAction === 'answer' && out.size === 0) out.add('direct_answerable');
  if (c.expectedAction === 'abstain') out.add('should_refuse_missing_evidence');
  return [...out];
}

/** The question text: the input's question, else its last user message. */
function questionOf(c: Case): string {
  if (c.input.question) return c.input.question;
  const users = (c.input.messages ?? []).filter((m) => m.role === 'user');
  return users.at(-1)?.content ?? c.input.messages?.at(-1)?.content ?? '';
}

/** One llm-eval-ops case; provenance goes to `label_notes` (the reference has no provenance field). */
export function toLlmEvalOpsCase(c: Case, datasetVersion: string): Record<string, unknown> {
  const p = c.provenance;
  const notes = [
    `source=${p.source}`,
    p.traceId ? `trace=${p.traceId}` : null,
    typeof p.metadata?.reviewer === 'string' ? `reviewer=${p.metadata.reviewer}` : null,
    typeof p.metadata?.approvedAt === 'string' ? `approved=${p.metadata.approvedAt}` : null,
    `dataset=${datasetVersion}`,
    `tracegate_tier=${c.tier}`,
    p.notes ? `notes=${p.notes}` : null,
  ].filter((x) => x !== null);
  const bucket = normalizeBucketId(c.bucket);
  return {
    case_id: c.id,
    question: questionOf(c),
    scenario: 'normal',
    expected_should_refuse: c.expectedAction === 'abstain' || c.expectedAction === 'refuse',
    expected_behavior: BEHAVIOR[c.expectedAction],
    required_citation_ids: c.requiredCitations,
    acceptable_answer_facts: c.requiredFacts,
    forbidden_claims: c.forbiddenClaims,
    tags: tagsOf(c),
    difficulty: 'medium',
    bucket_id: bucket,
    bucket_name: humanize(bucket),
    risk_tier: c.riskTier,
    business_criticality: CRITICALITY[c.riskTier],
    ...(c.referenceAnswer !== undefined ? { reference_response_text: c.referenceAnswer } : {}),
    label_notes: notes.join('; '),
    gate_group: c.gateGroup,
    owner: c.owner,
    case_kind: 'portable',
    supported_backends: ['mock', 'openai'],
  };
}

/** The whole export document. */
export function toLlmEvalOpsExport(cases: readonly Case[], datasetVersion: string): { cases: Record<string, unknown>[] } {
  return { cases: cases.map((c) => toLlmEvalOpsCase(c, datasetVersion)) };
}
