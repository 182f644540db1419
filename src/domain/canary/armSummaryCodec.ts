import type { DDSketch } from '@datadog/sketches-js';
import type { DenseStore } from '@datadog/sketches-js/dist/ddsketch/store/index.js';
import { createSketch } from '../stats/sketch.js';
import { hashUniform } from '../stats/seededRandom.js';
import { selectKth } from '../stats/selectKth.js';
import { createArmSummary, type ArmSummary, type DistSummary } from './armSummary.js';
import { DIST_FIELDS, RATE_FIELDS, type DistField, type RateField, type TraceObservation } from './TraceObservation.js';

/** Example trace ids kept per window: the latest few traces with each flag, and the slowest few. */
export interface CohortExamples {
  flagged: Partial<Record<RateField, string[]>>;
  /** Slowest traces, slowest first. */
  slow: Array<{ traceId: string; latencyMs: number }>;
}

/** Category counts per mix (finishClass, tool, model, errorType -> category -> traces), for informational drift. */
export type CohortMixes = Record<string, Record<string, number>>;

/** What one cohort window stores: the arm summary, example trace ids and categorical mixes. */
export interface CohortSummary {
  arm: ArmSummary;
  examples: CohortExamples;
  mixes: CohortMixes;
}

/** Counts a trace's categories into the mixes IN PLACE (each category once per trace). */
export function addMixes(mixes: CohortMixes, categories: Readonly<Record<string, readonly string[]>>): void {
  for (const [mix, values] of Object.entries(categories)) {
    const m = (mixes[mix] ??= {});
    for (const v of new Set(values)) m[v] = (m[v] ?? 0) + 1;
  }
}

const EXAMPLES = 5;

/** An empty cohort summary. */
export function createCohortSummary(options: { sampleLimit?: number; relativeAccuracy?: number; seed?: number } = {}): CohortSummary {
  return { arm: createArmSummary(options), examples: { flagged: {}, slow: [] }, mixes: {} };
}

/** Remembers a trace as an example of its flags (newest kept) and of slowness (slowest kept). IN PLACE. */
export function addExample(ex: CohortExamples, traceId: string, obs: TraceObservation): void {
  for (const f of RATE_FIELDS) {
    if (obs[f] !== true) continue;
    const list = (ex.flagged[f] ??= []);
    list.unshift(traceId);
    if (list.length > EXAMPLES) list.length = EXAMPLES;
  }
  if (Number.isFinite(obs.latencyMs) && (ex.slow.length < EXAMPLES || obs.latencyMs > ex.slow[ex.slow.length - 1]!.latencyMs)) {
    ex.slow.push({ traceId, latencyMs: obs.latencyMs });
    ex.slow.sort((a, b) => b.latencyMs - a.latencyMs);
    if (ex.slow.length > EXAMPLES) ex.slow.length = EXAMPLES;
  }
}

type StoreJson = { o: number; b: number[] } | null;
const storeToJson = (s: DenseStore): StoreJson => {
  if (s.count === 0) return null;
  const b: number[] = [];
  for (let k = s.minKey; k <= s.maxKey; k += 1) b.push(s.bins[k - s.offset] ?? 0);
  return { o: s.minKey, b };
};
const storeFromJson = (s: DenseStore, j: StoreJson): void => {
  if (!j || j.b.length === 0) return;
  // Size the store for the whole key range first (two zero-weight adds): adding keys one by one beyond
  // the current range would re-centre the bins at every key, quadratic in the number of bins.
  s.add(j.o + j.b.length - 1, 0);
  s.add(j.o, 0);
  for (let i = 0; i < j.b.length; i += 1) if (j.b[i]! > 0) s.add(j.o + i, j.b[i]!);
};

function sketchToJson(s: DDSketch): unknown {
  return { n: s.count, z: s.zeroCount, min: s.min, max: s.max, sum: s.sum, p: storeToJson(s.store), m: storeToJson(s.negativeStore) };
}
function sketchFromJson(j: { n: number; z: number; min: number; max: number; sum: number; p: StoreJson; m: StoreJson }, relativeAccuracy: number): DDSketch {
  const s = createSketch(relativeAccuracy);
  storeFromJson(s.store, j.p);
  storeFromJson(s.negativeStore, j.m);
  s.zeroCount = j.z;
  s.count = j.n;
  s.min = j.min ?? Infinity;
  s.max = j.max ?? -Infinity;
  s.sum = j.sum;
  return s;
}

/**
 * A sample value as stored: 7 significant digits (relative error below 1e-6, far inside the sketches' 1%
 * and immaterial to the rank tests), which halves the stored text and so the read and parse of every look.
 */
export const toStoredValue = (v: number): number => (Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(7)) : v);

/** Encodes a cohort summary as JSON text (sketch bins, rate counts, samples to 7 significant digits, examples). */
export function encodeCohortSummary(c: CohortSummary): string {
  const a = c.arm;
  const dists = Object.fromEntries(DIST_FIELDS.map((f) => [f, { s: sketchToJson(a.dists[f].sketch), x: a.dists[f].sample.map(toStoredValue), n: a.dists[f].seen }]));
  return JSON.stringify({ v: 1, t: a.traces, r: a.rates, d: dists, l: a.sampleLimit, a: a.relativeAccuracy, seed: a.seed, e: c.examples, m: c.mixes });
}

/** Decodes encodeCohortSummary's text. */
export function decodeCohortSummary(text: string): CohortSummary {
  const j = JSON.parse(text);
  const arm = createArmSummary({ sampleLimit: j.l, relativeAccuracy: j.a, seed: j.seed });
  arm.traces = j.t;
  for (const f of RATE_FIELDS) if (j.r[f]) arm.rates[f] = j.r[f];
  for (const f of DIST_FIELDS) {
    const d = j.d[f];
    if (d) arm.dists[f] = { sketch: sketchFromJson(d.s, j.a), sample: d.x, seen: d.n };
  }
  return { arm, examples: j.e ?? { flagged: {}, slow: [] }, mixes: j.m ?? {} };
}

/**
 * Merges many cohort summaries at once: counts add, sketches merge exactly, and each distribution's
 * sample is one weighted draw (each value weighted by how many values its sample stands for) of at most
 * the sample limit. One pass, so merging k windows costs one sort per distribution, not k.
 */
export function mergeCohortSummaries(list: readonly CohortSummary[], options: { sampleLimit?: number; relativeAccuracy?: number; seed?: number } = {}): CohortSummary {
  const out = createCohortSummary({ sampleLimit: options.sampleLimit ?? list[0]?.arm.sampleLimit, relativeAccuracy: options.relativeAccuracy ?? list[0]?.arm.relativeAccuracy, seed: options.seed });
  const a = out.arm;
  for (const c of list) {
    a.traces += c.arm.traces;
    for (const f of RATE_FIELDS) {
      a.rates[f].n += c.arm.rates[f].n;
      a.rates[f].events += c.arm.rates[f].events;
    }
    for (const f of RATE_FIELDS) for (const id of c.examples.flagged[f] ?? []) if ((out.examples.flagged[f] ??= []).length < EXAMPLES) out.examples.flagged[f]!.push(id);
    out.examples.slow.push(...c.examples.slow);
    for (const [mix, counts] of Object.entries(c.mixes)) {
      const m = (out.mixes[mix] ??= {});
      for (const [k, v] of Object.entries(counts)) m[k] = (m[k] ?? 0) + v;
    }
  }
  out.examples.slow.sort((x, y) => y.latencyMs - x.latencyMs);
  out.examples.slow.length = Math.min(out.examples.slow.length, EXAMPLES);
  for (const f of DIST_FIELDS) a.dists[f] = mergeDists(list.map((c) => c.arm.dists[f]), a.sampleLimit, a.relativeAccuracy, a.seed, f);
  return out;
}

function mergeDists(parts: readonly DistSummary[], limit: number, relativeAccuracy: number, seed: number, field: DistField): DistSummary {
  const sketch = createSketch(relativeAccuracy);
  let seen = 0;
  let total = 0;
  for (const p of parts) {
    if (p.sketch.count > 0) sketch.merge(p.sketch);
    seen += p.seen;
    total += p.sample.length;
  }
  if (total <= limit) return { sketch, sample: parts.flatMap((p) => p.sample), seen };
  // Efraimidis-Spirakis weighted sampling without replacement: key u^(1/w), keep the largest.
  const keys = new Float64Array(total);
  const values = new Float64Array(total);
  let i = 0;
  const s = seed ^ (DIST_FIELDS.indexOf(field) * 0x9e37);
  for (const p of parts) {
    const w = p.seen / Math.max(1, p.sample.length);
    for (const v of p.sample) {
      keys[i] = Math.log(Math.max(hashUniform(s, i), 1e-300)) / w;
      values[i] = v;
      i += 1;
    }
  }
  // The limit-th largest key by a linear-time selection on a copy, then one pass.
  const threshold = selectKth(keys.slice(), total - limit);
  const sample: number[] = [];
  for (let k = 0; k < total && sample.length < limit; k += 1) if (keys[k]! >= threshold) sample.push(values[k]!);
  return { sketch, sample, seen };
}
