/** Cohort windows: scored traces into per-window, per-cohort summaries, and arms read back from them. */
import { addDistValue, addToArmSummary } from '../../domain/canary/armSummary.js';
import { addExample, addMixes, createCohortSummary, decodeCohortSummary, encodeCohortSummary } from '../../domain/canary/armSummaryCodec.js';
import type { TraceFacts } from '../../domain/facts/types.js';
import type { TraceObservation } from '../../domain/canary/TraceObservation.js';
import type { CanaryStorePort, WindowedTrace } from './canaryPorts.js';

/** Width of a cohort window: evaluations read whole windows, so a canary's start is rounded down to it. */
export const COHORT_WINDOW_MS = 5 * 60_000;
/** The default cohort attribute (the release). */
export const DEFAULT_COHORT_ATTRIBUTE = 'service.version';

/**
 * Summary options: each stored window keeps a 500-value uniform sample per distribution (1% sketches);
 * merged arms keep up to MERGED_SAMPLE_LIMIT (2,000) by weighted sampling across windows. A small per-window
 * sample keeps one look over a long canary cheap (decode and merge cost grow with windows x sample).
 */
export const WINDOW_SUMMARY_OPTIONS = { sampleLimit: 500, relativeAccuracy: 0.01 };
/** Raw values per distribution of a merged arm (the policy's rawSampleLimit default). */
export const MERGED_SUMMARY_OPTIONS = { sampleLimit: 2000, relativeAccuracy: 0.01 };

/** A scored trace for the windows: its release is always a cohort; `extraCohorts` adds other attributes' values. */
export function toWindowedTrace(facts: TraceFacts, observation: TraceObservation, extraCohorts: Record<string, string> = {}): WindowedTrace {
  const cohorts: Record<string, string> = { ...extraCohorts };
  if (facts.release) cohorts[DEFAULT_COHORT_ATTRIBUTE] = facts.release;
  const categories = { finishClass: facts.finishClasses, tool: facts.toolNames, model: facts.models, errorType: facts.errorTypes };
  return { traceId: facts.traceId, service: facts.serviceName ?? '', environment: facts.environment ?? '', startMs: facts.startMs, cohorts, observation, categories };
}

function encodeWith(prev: string | null, add: readonly WindowedTrace[]): string {
  const s = prev ? decodeCohortSummary(prev) : createCohortSummary({ ...WINDOW_SUMMARY_OPTIONS, seed: add[0] ? hashSeed(add[0].traceId) : 1 });
  for (const t of add) {
    addToArmSummary(s.arm, t.observation);
    addExample(s.examples, t.traceId, t.observation);
    addMixes(s.mixes, t.categories);
  }
  return encodeCohortSummary(s);
}

const hashSeed = (id: string): number => {
  let h = 2166136261;
  for (let i = 0; i < id.length; i += 1) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
};

/** Adds scored traces to their cohort windows (each trace counted once, however often it is scored). */
export async function recordScoredTraces(store: CanaryStorePort, projectId: string, traces: readonly WindowedTrace[], nowMs: number): Promise<number> {
  return store.addToWindows(projectId, traces, COHORT_WINDOW_MS, nowMs, encodeWith);
}

function encodeJudgeScores(prev: string | null, add: readonly WindowedTrace[]): string {
  const s = prev ? decodeCohortSummary(prev) : createCohortSummary({ ...WINDOW_SUMMARY_OPTIONS, seed: add[0] ? hashSeed(add[0].traceId) : 1 });
  for (const t of add) if (t.observation.judgeScore !== null) addDistValue(s.arm, 'judgeScore', t.observation.judgeScore);
  return encodeCohortSummary(s);
}

/**
 * Adds judged traces' calibrated judge scores to their cohort windows: the judge runs after scoring, so the
 * score joins the window's judgeScore distribution without counting the trace again (each trace's score once).
 */
export async function recordJudgeScores(store: CanaryStorePort, projectId: string, traces: readonly WindowedTrace[], nowMs: number): Promise<number> {
  return store.addToWindows(projectId, traces, COHORT_WINDOW_MS, nowMs, encodeJudgeScores, { countKeyPrefix: 'judge:', countsTraces: false });
}
