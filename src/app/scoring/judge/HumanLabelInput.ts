/** A human label as submitted (API body or one JSONL line of `tracegate labels import`). */
import { z } from 'zod';

export const HumanLabelInputSchema = z.object({
  traceId: z.string().regex(/^[0-9a-fA-F]{32}$/, 'expected 32 hex characters').transform((s) => s.toLowerCase()),
  rubric: z.string().min(1).max(64),
  label: z.string().min(1).max(64),
  labeller: z.string().min(1).max(128).default('human'),
  comment: z.string().max(10_000).nullable().optional(),
}).strict();
export type HumanLabelInput = z.infer<typeof HumanLabelInputSchema>;
