/** What the deterministic scorers are configured with (budgets, formats, escalation tool names). */
import { z } from 'zod';

/** Tool or handoff names that mean "hand over to a person" (matched case-insensitively, also as a suffix such as `transfer_to_human_agent`). */
export const DEFAULT_ESCALATION_TOOLS: readonly string[] = [
  'escalate', 'escalate_to_human', 'escalate_ticket', 'handoff', 'hand_off', 'handoff_to_human', 'human_handoff',
  'transfer_to_human', 'transfer_to_agent', 'transfer_to_human_agent', 'create_support_ticket', 'open_ticket', 'create_ticket',
  'request_human', 'talk_to_human', 'live_agent',
];

/** A latency and/or cost budget for a service and/or route (a missing selector matches any). */
export const BudgetSchema = z.object({
  service: z.string().min(1).optional(),
  route: z.string().min(1).optional(),
  /** End-to-end trace latency budget in ms. */
  latencyMs: z.number().positive().optional(),
  /** Cost budget per trace in USD. */
  costUsd: z.number().nonnegative().optional(),
}).strict();
export type Budget = z.infer<typeof BudgetSchema>;

/** Structured output expected on a route: the final output must be JSON valid against `schema`. */
export const FormatRuleSchema = z.object({
  service: z.string().min(1).optional(),
  route: z.string().min(1),
  schema: z.record(z.string(), z.unknown()),
}).strict();
export type FormatRule = z.infer<typeof FormatRuleSchema>;

/** The scoring configuration file (YAML or JSON; TRACEGATE_SCORING_CONFIG names it). */
export const ScorerConfigSchema = z.object({
  escalationTools: z.array(z.string().min(1)).optional(),
  budgets: z.array(BudgetSchema).default([]),
  formats: z.array(FormatRuleSchema).default([]),
}).strict();

/** Scorer configuration after defaults. */
export interface ScorerConfig {
  escalationTools: readonly string[];
  budgets: readonly Budget[];
  formats: readonly FormatRule[];
}

export const DEFAULT_SCORER_CONFIG: ScorerConfig = { escalationTools: DEFAULT_ESCALATION_TOOLS, budgets: [], formats: [] };
