/**
 * The span waterfall: one row per span in tree order (children under their parent, by start time),
 * bars to scale against the trace's time range, errors marked. Virtualized: only the rows in view
 * (plus a margin) are in the DOM, so a trace of thousands of spans renders at once.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Span } from '../api/types.js';
import { fmtMs } from './format.js';

const ROW_HEIGHT = 24;
const VIEW_HEIGHT = 480;
const OVERSCAN = 12;

export interface WaterfallRow {
  span: Span;
  depth: number;
  startMs: number;
  offsetMs: number;
}

/** Spans in tree order with depth (orphans start new roots); pure, exported for reuse. */
export function layoutSpans(spans: Span[]): { rows: WaterfallRow[]; startMs: number; totalMs: number } {
  const starts = new Map<string, number>();
  let min = Infinity;
  let max = -Infinity;
  for (const s of spans) {
    const t = Date.parse(s.startTime);
    starts.set(s.spanId, t);
    min = Math.min(min, t);
    max = Math.max(max, t + Math.max(0, s.durationMs));
  }
  if (!Number.isFinite(min)) return { rows: [], startMs: 0, totalMs: 0 };
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, Span[]>();
  for (const s of spans) {
    const parent = s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId ? s.parentSpanId : null;
    const list = children.get(parent) ?? [];
    list.push(s);
    children.set(parent, list);
  }
  for (const list of children.values()) list.sort((a, b) => starts.get(a.spanId)! - starts.get(b.spanId)! || a.spanId.localeCompare(b.spanId));
  const rows: WaterfallRow[] = [];
  const seen = new Set<string>();
  // iterative DFS (deep traces must not overflow the stack)
  const stack: Array<{ span: Span; depth: number }> = (children.get(null) ?? []).slice().reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length) {
    const { span, depth } = stack.pop()!;
    if (seen.has(span.spanId)) continue;
    seen.add(span.spanId);
    const startMs = starts.get(span.spanId)!;
    rows.push({ span, depth, startMs, offsetMs: startMs - min });
    const kids = children.get(span.spanId) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: depth + 1 });
  }
  // spans caught in a parent cycle are not reachable from a root: list them at depth 0
  for (const s of spans) if (!seen.has(s.spanId)) rows.push({ span: s, depth: 0, startMs: starts.get(s.spanId)!, offsetMs: starts.get(s.spanId)! - min });
  return { rows, startMs: min, totalMs: Math.max(max - min, 0.001) };
}

export function Waterfall(props: { spans: Span[]; selectedSpanId?: string | null; onSelect?: (spanId: string) => void }) {
  const rendered = useRef(performance.now());
  const layout = useMemo(() => layoutSpans(props.spans), [props.spans]);
  const [scrollTop, setScrollTop] = useState(0);
  const [renderMs, setRenderMs] = useState<number | null>(null);
  useLayoutEffect(() => {
    if (renderMs === null) setRenderMs(performance.now() - rendered.current);
  }, [renderMs]);
  const { rows, totalMs } = layout;
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const maxDepth = Math.min(12, rows.reduce((m, r) => Math.max(m, r.depth), 0));
  const labelWidth = 220 + maxDepth * 12;
  const errors = rows.filter((r) => r.span.status.code === 'ERROR' || r.span.facts.isError).length;
  return (
    <div class="waterfall" data-testid="waterfall" data-span-count={rows.length} data-render-ms={renderMs === null ? '' : renderMs.toFixed(1)}>
      <div class="wf-header">
        <span>
          {rows.length.toLocaleString('en-US')} spans · {fmtMs(totalMs)}
          {errors ? ` · ${errors} with errors` : ''}
        </span>
        <span class="wf-scale">
          <span>0</span>
          <span>{fmtMs(totalMs / 2)}</span>
          <span>{fmtMs(totalMs)}</span>
        </span>
      </div>
      <div class="wf-viewport" style={{ height: `${Math.min(VIEW_HEIGHT, rows.length * ROW_HEIGHT + 4)}px` }} onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}>
        <div class="wf-canvas" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          {rows.slice(first, last).map((r, i) => {
            const index = first + i;
            const isError = r.span.status.code === 'ERROR' || r.span.facts.isError;
            const left = (r.offsetMs / totalMs) * 100;
            const width = Math.max((Math.max(0, r.span.durationMs) / totalMs) * 100, 0.15);
            return (
              <div
                key={r.span.spanId}
                class={`wf-row${isError ? ' error' : ''}${props.selectedSpanId === r.span.spanId ? ' selected' : ''}`}
                style={{ top: `${index * ROW_HEIGHT}px`, height: `${ROW_HEIGHT}px` }}
                onClick={() => props.onSelect?.(r.span.spanId)}
                data-span-id={r.span.spanId}
                title={r.span.name}
              >
                <div class="wf-label" style={{ width: `${labelWidth}px`, paddingLeft: `${6 + Math.min(r.depth, 12) * 12}px` }}>
                  {isError ? <span class="err-mark" aria-label="error">!</span> : null}
                  <span class={`op op-${r.span.operation}`}>{r.span.operation}</span>
                  <span class="wf-name">{r.span.name}</span>
                </div>
                <div class="wf-track">
                  <div class={`wf-bar op-${r.span.operation}`} style={{ left: `${Math.min(left, 99.85)}%`, width: `${Math.min(width, 100 - Math.min(left, 99.85))}%` }} />
                  {left + width > 85 ? (
                    <span class="wf-dur before" style={{ right: `${Math.max(0, 100 - left - width) + Math.min(width, 100)}%` }}>
                      {fmtMs(r.span.durationMs)}
                    </span>
                  ) : (
                    <span class="wf-dur" style={{ left: `${left + width}%` }}>
                      {fmtMs(r.span.durationMs)}
                    </span>
                  )}
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
