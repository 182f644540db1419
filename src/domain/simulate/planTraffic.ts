/** Plans a whole simulation run: cohorts, arrival times and every trace, deterministically from the seed. */
import { CohortSpecSchema, type CohortProfile, type CohortSpec } from './cohortSpec.js';
import type { PlannedTrace } from './plannedTrace.js';
import { planTrace } from './planTrace.js';
import { PRESETS, type PresetName } from './presets.js';
import { createPrng } from './prng.js';

/** What to simulate. `startMs` is the first arrival (epoch ms); the caller supplies the clock. */
export interface TrafficInput {
  seed: string;
  preset: PresetName;
  baselineRelease: string;
  canaryRelease: string;
  /** Probability that a trace belongs to the canary (0..1). */
  canaryShare: number;
  traces: number;
  /** Mean arrival rate in traces per second (Poisson arrivals). */
  ratePerS: number;
  startMs: number;
  /** Whether the explicit `tracegate.action` attribute is written. */
  labelled: boolean;
  /** Partial overrides applied on top of the preset's profiles. */
  overrides?: { baseline?: Partial<CohortProfile>; canary?: Partial<CohortProfile> };
}

/** The cohorts of a run, with their traffic share. */
export interface PlannedCohorts {
  baseline: CohortSpec & { share: number };
  canary: CohortSpec & { share: number };
}

/** A planned run. */
export interface TrafficPlan {
  seed: string;
  preset: PresetName;
  cohorts: PlannedCohorts;
  traces: PlannedTrace[];
}

/** Plans the run; trace i depends only on (seed, i, cohort spec), so longer runs extend shorter ones. */
export function planTraffic(input: TrafficInput): TrafficPlan {
  const preset = PRESETS[input.preset];
  const baseline = CohortSpecSchema.parse({ ...preset.baseline, ...input.overrides?.baseline, release: input.baselineRelease });
  const canary = CohortSpecSchema.parse({ ...preset.canary, ...input.overrides?.canary, release: input.canaryRelease });
  const arrivals = createPrng(`${input.seed}:arrivals`);
  const meanGapMs = 1000 / input.ratePerS;
  let offsetMs = 0;
  const traces: PlannedTrace[] = [];
  for (let index = 0; index < input.traces; index++) {
    if (index > 0) offsetMs += arrivals.exponential(meanGapMs);
    const prng = createPrng(`${input.seed}:trace:${index}`);
    const isCanary = prng.chance(input.canaryShare);
    traces.push(planTrace(prng, {
      index,
      cohort: isCanary ? 'canary' : 'baseline',
      spec: isCanary ? canary : baseline,
      startMs: input.startMs + Math.round(offsetMs),
      labelled: input.labelled,
    }));
  }
  return {
    seed: input.seed,
    preset: input.preset,
    cohorts: { baseline: { ...baseline, share: 1 - input.canaryShare }, canary: { ...canary, share: input.canaryShare } },
    traces,
  };
}

/** Milliseconds from the first trace start to the last trace end. */
export function planSpanMs(plan: TrafficPlan): number {
  if (plan.traces.length === 0) return 0;
  const first = plan.traces[0] as PlannedTrace;
  return Math.max(...plan.traces.map((t) => t.startMs + t.latencyMs)) - first.startMs;
}
