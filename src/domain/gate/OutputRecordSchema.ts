/** One system's output for one case (a line of an outputs JSONL file, or a replayed response). */
import { z } from 'zod';
import { ActionSchema } from '../cases/CaseSchema.js';

/** A tool call the system made: name and arguments (any JSON). */
export const ToolCallSchema = z.object({ name: z.string().min(1), arguments: z.unknown().optional() });

/** An output record; `action` may be omitted only when `error` says why the case produced no response. */
export const OutputRecordSchema = z
  .object({
    case_id: z.string().min(1),
    action: ActionSchema.nullable().optional(),
    answer: z.string().nullable().default(''),
    citations: z.array(z.string()).default([]),
    tool_calls: z.array(ToolCallSchema).default([]),
    latency_ms: z.number().nonnegative().nullable().default(null),
    cost_usd: z.number().nonnegative().nullable().default(null),
    schema_valid: z.boolean().default(true),
    error: z.string().nullable().optional(),
  })
  .refine((r) => (r.action !== undefined && r.action !== null) || (typeof r.error === 'string' && r.error.length > 0), {
    message: 'action is required unless error is set',
    path: ['action'],
  });
/** A validated output record. */
export type OutputRecord = z.infer<typeof OutputRecordSchema>;
