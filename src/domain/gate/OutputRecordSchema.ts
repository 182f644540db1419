/** One system's output for one case (a line of an outputs JSONL file, or a replayed response). */
import { z } from 'zod';
import { ActionSchema } from '../cases/CaseSchema.js';

/** A tool call the system made: name and arguments (any JSON). */
export const ToolCallSchema = z.object({ name: z.string().min(1), arguments: z.unknown().optional() });

/** An output record as written; `action` may be missing (then inferred, see inferMissingAction) or null with `error`. */
export const OutputRecordSchema = z.object({
  case_id: z.string().min(1),
  action: ActionSchema.nullable().optional(),
  /** Set by the gate when `action` was inferred: the classifier version (`action@N`). */
  action_inferred_by: z.string().nullable().optional(),
  answer: z.string().nullable().default(''),
  citations: z.array(z.string()).default([]),
  tool_calls: z.array(ToolCallSchema).default([]),
  latency_ms: z.number().nonnegative().nullable().default(null),
  cost_usd: z.number().nonnegative().nullable().default(null),
  schema_valid: z.boolean().default(true),
  error: z.string().nullable().optional(),
});
/** A validated output record. */
export type OutputRecord = z.infer<typeof OutputRecordSchema>;

/** True when the record names no action and carries no error (its action must be inferred or it is rejected). */
export function lacksAction(r: OutputRecord): boolean {
  return (r.action === undefined || r.action === null) && !(typeof r.error === 'string' && r.error.length > 0);
}

/** The message for a record whose action is missing and could not be inferred. */
export const MISSING_ACTION_MESSAGE = 'action is required unless error is set';
