/**
 * The judge's sampler: deterministic (a hash of trace id and seed decides, so re-runs choose the same
 * traces) and stratified: traces with errors, tool errors, negative feedback or content filtering are
 * always sampled; traces of a canary release whose arm is below the policy's minimum are oversampled;
 * the rest at the base rate. Budgets (per hour, daily cost) are applied by the caller.
 */
import { createHash } from 'node:crypto';

export type JudgeStratum = 'always' | 'canary' | 'base';

export interface SampleInput {
  traceId: string;
  error: boolean;
  toolErrors: number;
  negativeFeedback: boolean;
  contentFiltered: boolean;
  release: string | null;
}

export interface SamplePolicy {
  seed: string;
  /** Share of ordinary traces judged, 0..1. */
  baseRate: number;
  /** Share of traces of releases that still need judged traces (canary arms below their minimum). */
  oversampleRate: number;
  /** Releases whose arms are below the policy's minimum of judged traces. */
  oversampleReleases: ReadonlySet<string>;
}

export interface SampleDecision {
  sampled: boolean;
  stratum: JudgeStratum;
  /** The trace's uniform draw in [0, 1). */
  u: number;
}

/** Uniform [0,1) from sha256(seed:traceId) (first 48 bits). */
export function hashUniform(traceId: string, seed: string): number {
  const h = createHash('sha256').update(`${seed}:${traceId}`).digest();
  return h.readUIntBE(0, 6) / 2 ** 48;
}

export function sampleForJudge(t: SampleInput, p: SamplePolicy): SampleDecision {
  const u = hashUniform(t.traceId, p.seed);
  if (t.error || t.toolErrors > 0 || t.negativeFeedback || t.contentFiltered) return { sampled: true, stratum: 'always', u };
  if (t.release !== null && p.oversampleReleases.has(t.release)) return { sampled: u < p.oversampleRate, stratum: 'canary', u };
  return { sampled: u < p.baseRate, stratum: 'base', u };
}
