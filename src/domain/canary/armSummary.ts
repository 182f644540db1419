import type { DDSketch } from '@datadog/sketches-js';
import { cloneSketch, createSketch } from '../stats/sketch.js';
import { hashUniform } from '../stats/seededRandom.js';
import { DIST_FIELDS, RATE_FIELDS, type DistField, type RateField, type TraceObservation } from './TraceObservation.js';

/** Events out of n for one rate (n excludes traces where the fact is unknown, e.g. no feedback). */
export interface RateCount {
  n: number;
  events: number;
}

/** One distribution: a mergeable DDSketch of every value plus a bounded uniform raw sample for exact rank tests. */
export interface DistSummary {
  sketch: DDSketch;
  /** Uniform reservoir of at most `sampleLimit` raw values (all values while count ≤ limit). */
  sample: number[];
  /** Values offered so far (= sketch.count). */
  seen: number;
}

/** Aggregated form of one arm: counts + sketches + bounded samples. Fast to decide on at any size. */
export interface ArmSummary {
  traces: number;
  rates: Record<RateField, RateCount>;
  dists: Record<DistField, DistSummary>;
  sampleLimit: number;
  relativeAccuracy: number;
  /** Seed of the deterministic reservoir sampler. */
  seed: number;
}

/** Options of an arm summary (sample bound, sketch accuracy, reservoir seed). */
export interface ArmSummaryOptions {
  sampleLimit?: number;
  relativeAccuracy?: number;
  seed?: number;
}

/** An empty arm summary. */
export function createArmSummary({ sampleLimit = 2000, relativeAccuracy = 0.01, seed = 1 }: ArmSummaryOptions = {}): ArmSummary {
  const rates = Object.fromEntries(RATE_FIELDS.map((f) => [f, { n: 0, events: 0 }])) as Record<RateField, RateCount>;
  const dists = Object.fromEntries(
    DIST_FIELDS.map((f): [DistField, DistSummary] => [f, { sketch: createSketch(relativeAccuracy), sample: [], seen: 0 }]),
  ) as Record<DistField, DistSummary>;
  return { traces: 0, rates, dists, sampleLimit, relativeAccuracy, seed };
}

function offer(d: DistSummary, value: number, limit: number, seed: number): void {
  d.sketch.accept(value);
  d.seen += 1;
  if (d.sample.length < limit) d.sample.push(value);
  else {
    const j = Math.floor(hashUniform(seed, d.seen) * d.seen);
    if (j < limit) d.sample[j] = value;
  }
}

/** Adds one value of a distribution IN PLACE without counting a trace (a judge score that arrives after its trace). */
export function addDistValue(summary: ArmSummary, field: DistField, value: number): void {
  if (Number.isFinite(value)) offer(summary.dists[field], value, summary.sampleLimit, summary.seed ^ DIST_FIELDS.indexOf(field));
}

/** Adds one trace to the summary IN PLACE (an accumulator; no I/O). Non-finite numbers count as missing. */
export function addToArmSummary(summary: ArmSummary, obs: TraceObservation): void {
  summary.traces += 1;
  for (const f of RATE_FIELDS) {
    const v = obs[f];
    if (v === null) continue;
    summary.rates[f].n += 1;
    if (v) summary.rates[f].events += 1;
  }
  for (const f of DIST_FIELDS) {
    const v = obs[f];
    if (v !== null) addDistValue(summary, f, v);
  }
}

/** Summarizes a list of observations. */
export function summarizeArm(observations: readonly TraceObservation[], options: ArmSummaryOptions = {}): ArmSummary {
  const s = createArmSummary(options);
  for (const o of observations) addToArmSummary(s, o);
  return s;
}

/** Merges two summaries into a new one (sketches exactly; samples by weighted deterministic subsampling). */
export function mergeArmSummaries(a: ArmSummary, b: ArmSummary): ArmSummary {
  const out = createArmSummary({ sampleLimit: a.sampleLimit, relativeAccuracy: a.relativeAccuracy, seed: a.seed ^ b.seed });
  out.traces = a.traces + b.traces;
  for (const f of RATE_FIELDS) out.rates[f] = { n: a.rates[f].n + b.rates[f].n, events: a.rates[f].events + b.rates[f].events };
  for (const f of DIST_FIELDS) {
    const da = a.dists[f];
    const db = b.dists[f];
    const sketch = cloneSketch(da.sketch, a.relativeAccuracy);
    if (db.sketch.count > 0) sketch.merge(db.sketch);
    const seen = da.seen + db.seen;
    let sample = [...da.sample, ...db.sample];
    if (sample.length > out.sampleLimit) {
      // Keep each value with a weight proportional to how many values its sample stands for.
      const wa = da.seen / Math.max(1, da.sample.length);
      const wb = db.seen / Math.max(1, db.sample.length);
      const keyed = sample.map((v, i) => ({ v, k: Math.pow(hashUniform(out.seed, i), 1 / (i < da.sample.length ? wa : wb)) }));
      keyed.sort((x, y) => y.k - x.k);
      sample = keyed.slice(0, out.sampleLimit).map((e) => e.v);
    }
    out.dists[f] = { sketch, sample, seen };
  }
  return out;
}
