import { DDSketch } from '@datadog/sketches-js';

/** Creates an empty DDSketch with the given relative accuracy (default 1%). */
export function createSketch(relativeAccuracy = 0.01): DDSketch {
  return new DDSketch({ relativeAccuracy });
}

/** Number of sketched values whose bin lies strictly above the bin of `threshold` (non-negative data). */
export function countAbove(sketch: DDSketch, threshold: number): number {
  if (sketch.count === 0) return 0;
  if (threshold < 0) return sketch.count - sketch.negativeStore.count;
  const store = sketch.store;
  if (store.count === 0) return 0;
  if (threshold < sketch.mapping.minPossible) return store.count;
  const key = sketch.mapping.key(threshold);
  let total = 0;
  for (let k = Math.max(key + 1, store.minKey); k <= store.maxKey; k += 1) total += store.bins[k - store.offset] ?? 0;
  return total;
}

/** q-quantile of the union of the given sketches (none is modified). NaN when all are empty. */
export function mergedQuantile(sketches: readonly DDSketch[], q: number, relativeAccuracy = 0.01): number {
  const merged = createSketch(relativeAccuracy);
  for (const s of sketches) if (s.count > 0) merged.merge(s);
  return merged.getValueAtQuantile(q);
}

/** Exceedance counts of two sketches above their pooled q-quantile. */
export function sketchExceedance(baseline: DDSketch, canary: DDSketch, q: number, relativeAccuracy = 0.01) {
  const threshold = mergedQuantile([baseline, canary], q, relativeAccuracy);
  return {
    threshold,
    baselineAbove: countAbove(baseline, threshold),
    baselineN: baseline.count,
    canaryAbove: countAbove(canary, threshold),
    canaryN: canary.count,
  };
}

/** Deep copy of a sketch (merging into an empty one). */
export function cloneSketch(sketch: DDSketch, relativeAccuracy = 0.01): DDSketch {
  const copy = createSketch(relativeAccuracy);
  if (sketch.count > 0) copy.merge(sketch);
  return copy;
}
