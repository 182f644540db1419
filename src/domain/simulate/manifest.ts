/** The ground-truth manifest a simulation run writes: what was injected, per trace. */
import { z } from 'zod';
import { ACTIONS } from '../facts/types.js';
import type { TrafficPlan } from './planTraffic.js';

const FinishClassSchema = z.enum(['stop', 'length', 'tool_call', 'content_filter', 'error', 'other']);

/** One injected trace: stored facts must equal these. */
export const ManifestTraceSchema = z.object({
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  release: z.string(),
  action: z.enum(ACTIONS as [string, ...string[]]),
  /** Whether `tracegate.action` was written (false: the action must be inferred). */
  actionLabelled: z.boolean(),
  toolCalls: z.number().int().min(0),
  toolErrors: z.number().int().min(0),
  /** Finish class of the last LLM call. */
  finishClass: FinishClassSchema,
  /** Root span duration, integer milliseconds. */
  latencyMs: z.number().int().positive(),
  inputTokens: z.number().int().min(0),
  outputTokens: z.number().int().min(0),
  /** Feedback the simulator posted, null when none. */
  feedback: z.object({ value: z.enum(['up', 'down']), comment: z.string().nullable(), userId: z.string() }).nullable(),
});
export type ManifestTrace = z.infer<typeof ManifestTraceSchema>;

/** The manifest file: `{seed, preset, cohorts, traces}`. */
export const SimulationManifestSchema = z.object({
  seed: z.string(),
  preset: z.string(),
  cohorts: z.record(z.string(), z.record(z.string(), z.unknown())),
  traces: z.array(ManifestTraceSchema),
});
export type SimulationManifest = z.infer<typeof SimulationManifestSchema>;

/** Builds the manifest; `traceIds[i]` is the id the SDK gave planned trace i. */
export function buildManifest(plan: TrafficPlan, traceIds: readonly string[]): SimulationManifest {
  if (traceIds.length !== plan.traces.length) throw new RangeError(`expected ${plan.traces.length} trace ids, got ${traceIds.length}`);
  return {
    seed: plan.seed,
    preset: plan.preset,
    cohorts: { baseline: { ...plan.cohorts.baseline }, canary: { ...plan.cohorts.canary } },
    traces: plan.traces.map((t, i) => ({
      traceId: traceIds[i] as string,
      release: t.release,
      action: t.action,
      actionLabelled: t.actionLabelled,
      toolCalls: t.toolCalls,
      toolErrors: t.toolErrors,
      finishClass: t.finishClass,
      latencyMs: t.latencyMs,
      inputTokens: t.inputTokens,
      outputTokens: t.outputTokens,
      feedback: t.feedback ? { ...t.feedback } : null,
    })),
  };
}
