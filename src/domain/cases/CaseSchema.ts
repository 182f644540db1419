/** The native case format: one regression/trusted case of the offline gate (one JSONL line of a dataset). */
import { z } from 'zod';

/** The five actions a response can select (refusal is action selection). */
export const ActionSchema = z.enum(['answer', 'abstain', 'clarify', 'refuse', 'escalate']);
export type CaseAction = z.infer<typeof ActionSchema>;

/** Risk tiers, lowest to highest. */
export const RiskTierSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskTier = z.infer<typeof RiskTierSchema>;
/** Risk tiers in ascending order. */
export const RISK_TIERS: readonly RiskTier[] = RiskTierSchema.options;

/** Where the evidence for a correct answer is supposed to come from. */
export const EvidenceRegimeSchema = z.enum(['retrieved', 'tool-derived', 'parametric', 'unsupported']);
export type EvidenceRegime = z.infer<typeof EvidenceRegimeSchema>;

/** trusted cases gate releases; monitoring cases are reported but never block. */
export const CaseTierSchema = z.enum(['trusted', 'monitoring']);
export type CaseTier = z.infer<typeof CaseTierSchema>;

const nonEmpty = z.string().min(1);

/** One chat message of the input. */
export const CaseMessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
});

/** A tool the app may call (name, description, JSON Schema of parameters). */
export const CaseToolSchema = z.strictObject({
  name: nonEmpty,
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
});

/** A retrieved document of the snapshot the case was built on (text optional: ids alone are allowed). */
export const CaseDocumentSchema = z.strictObject({
  id: nonEmpty,
  text: z.string().optional(),
  title: z.string().optional(),
});

/** The input sent to the app: a question or messages, plus the context snapshot. */
export const CaseInputSchema = z
  .strictObject({
    question: z.string().optional(),
    messages: z.array(CaseMessageSchema).optional(),
    system: z.string().optional(),
    tools: z.array(CaseToolSchema).optional(),
    documents: z.array(CaseDocumentSchema).optional(),
    documentIds: z.array(nonEmpty).optional(),
  })
  .refine((i) => (i.question !== undefined && i.question.length > 0) || (i.messages?.length ?? 0) > 0, {
    message: 'input needs a non-empty question or at least one message',
  });
export type CaseInput = z.infer<typeof CaseInputSchema>;

/** Where a case came from (import, production trace promotion, hand-written); extra keys kept in metadata. */
export const CaseProvenanceSchema = z.strictObject({
  source: nonEmpty,
  importedFrom: z.string().optional(),
  originalId: z.string().optional(),
  traceId: z.string().optional(),
  createdAt: z.string().optional(),
  notes: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** A case. Unknown top-level keys are rejected so typos surface as field errors. */
export const CaseSchema = z.strictObject({
  id: nonEmpty.regex(/^[^\s:]+$/, 'id must not contain whitespace or ":"'),
  tier: CaseTierSchema.default('trusted'),
  input: CaseInputSchema,
  expectedAction: ActionSchema,
  bucket: nonEmpty,
  riskTier: RiskTierSchema,
  evidenceRegime: EvidenceRegimeSchema,
  tags: z.array(nonEmpty).default([]),
  gateGroup: nonEmpty.default('general'),
  owner: nonEmpty,
  referenceAnswer: z.string().optional(),
  requiredFacts: z.array(nonEmpty).default([]),
  forbiddenClaims: z.array(nonEmpty).default([]),
  requiredCitations: z.array(nonEmpty).default([]),
  /** Citations the answer may use; when absent: document ids of the input plus required citations. */
  allowedCitations: z.array(nonEmpty).optional(),
  requiredTools: z.array(nonEmpty).default([]),
  latencyBudgetMs: z.number().positive().optional(),
  costBudgetUsd: z.number().nonnegative().optional(),
  provenance: CaseProvenanceSchema,
});

/** A validated case (defaults applied). */
export type Case = z.infer<typeof CaseSchema>;
/** A case as written before defaults (what producers may omit). */
export type CaseDraft = z.input<typeof CaseSchema>;
