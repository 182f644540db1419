/**
 * Deterministic span order: start time, then depth in the tree (a parent before a child that started
 * in the same millisecond: some producers truncate start times), then span id. Whatever order spans
 * arrive in, the result is the same.
 */
interface OrderableSpan {
  spanId: string;
  parentSpanId: string | null;
  startMs: number;
}

/** Spans sorted by (startMs, depth, spanId); depth counts known ancestors (cycles are cut). */
export function orderSpans<T extends OrderableSpan>(spans: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const s of spans) byId.set(s.spanId, s);
  const depth = new Map<string, number>();
  for (const s of spans) {
    let d = 0;
    let parent = s.parentSpanId;
    while (parent !== null && d < byId.size) {
      const p = byId.get(parent);
      if (!p) break;
      d++;
      parent = p.parentSpanId;
    }
    depth.set(s.spanId, d);
  }
  return [...spans].sort((a, b) => {
    if (a.startMs !== b.startMs) return a.startMs - b.startMs;
    const da = depth.get(a.spanId)!;
    const db = depth.get(b.spanId)!;
    if (da !== db) return da - db;
    return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
  });
}
