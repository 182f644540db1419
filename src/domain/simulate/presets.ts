/** Named traffic presets: a baseline and a canary profile on realistic defaults. */
import { DEFAULT_PROFILE, type CohortProfile } from './cohortSpec.js';

/** Preset names accepted by `tracegate simulate --preset`. */
export const PRESET_NAMES = ['aa', 'refusal-regression', 'escalation-regression', 'tool-error-regression', 'latency-regression'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** A preset: what it injects and the two profiles. */
export interface Preset {
  name: PresetName;
  description: string;
  baseline: CohortProfile;
  canary: CohortProfile;
}

const base = DEFAULT_PROFILE;
const withActions = (rates: Partial<CohortProfile['actionRates']>): CohortProfile => ({ ...base, actionRates: { ...base.actionRates, ...rates } });

/** All presets by name. */
export const PRESETS: Record<PresetName, Preset> = {
  aa: { name: 'aa', description: 'no difference between baseline and canary', baseline: base, canary: base },
  'refusal-regression': {
    name: 'refusal-regression',
    description: 'refusals 5% in the baseline, 10% in the canary',
    baseline: withActions({ refuse: 0.05 }),
    canary: withActions({ refuse: 0.1 }),
  },
  'escalation-regression': {
    name: 'escalation-regression',
    description: 'escalations 3% in the baseline, 6% in the canary',
    baseline: withActions({ escalate: 0.03 }),
    canary: withActions({ escalate: 0.06 }),
  },
  'tool-error-regression': {
    name: 'tool-error-regression',
    description: 'traces with a failed tool call 2% in the baseline, 5% in the canary',
    baseline: { ...base, toolErrorRate: 0.02 },
    canary: { ...base, toolErrorRate: 0.05 },
  },
  'latency-regression': {
    name: 'latency-regression',
    description: 'canary median end-to-end latency +30%, same log-normal shape (sigma)',
    baseline: base,
    canary: { ...base, latencyMs: { median: base.latencyMs.median * 1.3, sigma: base.latencyMs.sigma } },
  },
};

/** The preset with that name, or null. */
export function findPreset(name: string): Preset | null {
  return (PRESETS as Record<string, Preset | undefined>)[name] ?? null;
}
