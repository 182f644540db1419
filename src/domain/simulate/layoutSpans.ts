/** Splits a trace's end-to-end latency into sequential child spans (integer ms, all inside the root). */

/** Offsets and durations for children with the given relative weights, inside [0, totalMs]. */
export function layoutSpans(totalMs: number, weights: readonly number[], gapMs = 1): Array<{ startOffsetMs: number; durationMs: number }> {
  const n = weights.length;
  const available = totalMs - gapMs * (n + 1);
  if (n === 0) return [];
  if (available < n) throw new RangeError(`latency ${totalMs} ms is too short for ${n} child spans`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const durations = weights.map((w) => Math.max(1, Math.floor((w / sum) * available)));
  let overflow = durations.reduce((a, b) => a + b, 0) - available;
  for (let i = n - 1; overflow > 0 && i >= 0; i--) {
    const d = durations[i] as number;
    const cut = Math.min(overflow, d - 1);
    durations[i] = d - cut;
    overflow -= cut;
  }
  let cursor = gapMs;
  return durations.map((durationMs) => {
    const slot = { startOffsetMs: cursor, durationMs };
    cursor += durationMs + gapMs;
    return slot;
  });
}

/** Smallest latency the layout accepts for n children (the planner clamps to it). */
export function minLatencyMs(childCount: number, gapMs = 1): number {
  return gapMs * (childCount + 1) + childCount * 2;
}
