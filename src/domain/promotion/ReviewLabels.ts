/** What a reviewer says when approving a flagged trace as a case (validated at every boundary). */
import { z } from 'zod';
import { ActionSchema, CaseTierSchema, EvidenceRegimeSchema, RiskTierSchema } from '../cases/CaseSchema.js';

const text = z.string().trim().min(1).max(10_000);

/** Approval labels: expected action, bucket, risk tier, reviewer, and the optional checks of the case. */
export const ReviewLabelsSchema = z.strictObject({
  action: ActionSchema,
  bucket: z.string().trim().min(1).max(200).regex(/^[^\s]+$/, 'bucket must not contain whitespace (e.g. missing-evidence-abstain)'),
  riskTier: RiskTierSchema,
  reviewer: z.string().trim().min(1).max(200),
  evidenceRegime: EvidenceRegimeSchema.optional(),
  tags: z.array(z.string().trim().min(1).max(200)).default([]),
  referenceAnswer: text.optional(),
  requiredFacts: z.array(text).default([]),
  forbiddenClaims: z.array(text).default([]),
  requiredCitations: z.array(text).default([]),
  requiredTools: z.array(text).default([]),
  tier: CaseTierSchema.default('trusted'),
  owner: z.string().trim().min(1).max(200).optional(),
  gateGroup: z.string().trim().min(1).max(200).optional(),
  notes: text.optional(),
});
export type ReviewLabels = z.infer<typeof ReviewLabelsSchema>;
export type ReviewLabelsInput = z.input<typeof ReviewLabelsSchema>;

/** What a reviewer says when rejecting. */
export const ReviewRejectionSchema = z.strictObject({
  reason: text,
  reviewer: z.string().trim().min(1).max(200),
});
export type ReviewRejection = z.infer<typeof ReviewRejectionSchema>;
