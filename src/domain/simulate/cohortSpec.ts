/** Traffic parameters of one cohort (a release) and the realistic defaults the presets start from. */
import { z } from 'zod';

const LogNormalSchema = z.object({ median: z.number().positive(), sigma: z.number().min(0) });

/** Per-cohort rates and distributions; `answer` takes the share the other actions leave. */
export const CohortSpecSchema = z.object({
  /** `service.version` of the cohort. */
  release: z.string().min(1),
  /** Probabilities of the non-answer actions (sum < 1). */
  actionRates: z.object({
    abstain: z.number().min(0).max(1),
    clarify: z.number().min(0).max(1),
    refuse: z.number().min(0).max(1),
    escalate: z.number().min(0).max(1),
  }),
  /** Share of traces that call at least one lookup tool (includes the failed-tool traces). */
  toolCallRate: z.number().min(0).max(1),
  /** Share of traces with a failed tool call (a subset of the tool-call traces). */
  toolErrorRate: z.number().min(0).max(1),
  /** Share of refusals that are hard refusals: finish reason `content_filter`. */
  contentFilterRate: z.number().min(0).max(1),
  /** Share of answers cut off by the token limit (finish reason `length`). */
  lengthRate: z.number().min(0).max(1),
  /** End-to-end latency in milliseconds (log-normal: median, sigma of the log). */
  latencyMs: LogNormalSchema,
  /** Time to first token of the first LLM call in milliseconds (log-normal). */
  ttftMs: LogNormalSchema,
  /** Prompt tokens of the first LLM call (log-normal). */
  inputTokens: LogNormalSchema,
  /** Output tokens of a full answer (log-normal; shorter for non-answers). */
  outputTokens: LogNormalSchema,
  /** Share of traces that receive end-user feedback. */
  feedbackRate: z.number().min(0).max(1),
  provider: z.string().min(1),
  model: z.string().min(1),
}).refine((c) => c.toolErrorRate <= c.toolCallRate, { message: 'toolErrorRate must not exceed toolCallRate' })
  .refine((c) => Object.values(c.actionRates).reduce((a, b) => a + b, 0) < 1, { message: 'non-answer action rates must sum below 1' });
export type CohortSpec = z.infer<typeof CohortSpecSchema>;

/** A cohort without its release name (what presets define). */
export type CohortProfile = Omit<CohortSpec, 'release'>;

/** Realistic defaults for a support assistant (rates per trace, milliseconds, tokens). */
export const DEFAULT_PROFILE: CohortProfile = {
  actionRates: { abstain: 0.04, clarify: 0.06, refuse: 0.05, escalate: 0.03 },
  toolCallRate: 0.35,
  toolErrorRate: 0.02,
  contentFilterRate: 0.3,
  lengthRate: 0.01,
  latencyMs: { median: 2400, sigma: 0.45 },
  ttftMs: { median: 450, sigma: 0.35 },
  inputTokens: { median: 900, sigma: 0.35 },
  outputTokens: { median: 170, sigma: 0.5 },
  feedbackRate: 0.1,
  provider: 'openai',
  model: 'gpt-4o-mini',
};
