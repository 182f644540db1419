/** Pure traffic planning for `tracegate simulate`. */
export { createPrng, type Prng } from './prng.js';
export { CohortSpecSchema, DEFAULT_PROFILE, type CohortSpec, type CohortProfile } from './cohortSpec.js';
export { PRESETS, PRESET_NAMES, findPreset, type Preset, type PresetName } from './presets.js';
export { planTraffic, planSpanMs, type TrafficInput, type TrafficPlan, type PlannedCohorts } from './planTraffic.js';
export { planTrace } from './planTrace.js';
export type * from './plannedTrace.js';
export { buildManifest, SimulationManifestSchema, ManifestTraceSchema, type SimulationManifest, type ManifestTrace } from './manifest.js';
