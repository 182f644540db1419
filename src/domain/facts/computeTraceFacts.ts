import { classifyFinishReason } from './classifyFinishReason.js';
import { orderSpans } from './orderSpans.js';
import type { FinishClass, SpanContentInput, TraceFacts, TraceSpanInput } from './types.js';

type NumericFact = 'inputTokens' | 'outputTokens' | 'costUsd';

/** Deterministic span order: start time, then span id (so arrival order never matters). */
export function compareSpans(a: Pick<TraceSpanInput, 'startMs' | 'spanId'>, b: Pick<TraceSpanInput, 'startMs' | 'spanId'>): number {
  if (a.startMs !== b.startMs) return a.startMs - b.startMs;
  return a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0;
}

/** Inference spans with no inference descendant, in span order (the only spans whose usage is summed). */
function leafInferenceSpans(ordered: TraceSpanInput[], byId: Map<string, TraceSpanInput>): TraceSpanInput[] {
  const hasInferenceBelow = new Set<string>();
  for (const span of ordered) {
    if (span.facts.operation !== 'inference') continue;
    let parentId = span.parentSpanId;
    for (let steps = 0; parentId !== null && steps < byId.size && !hasInferenceBelow.has(parentId); steps++) {
      hasInferenceBelow.add(parentId);
      parentId = byId.get(parentId)?.parentSpanId ?? null;
    }
  }
  return ordered.filter((s) => s.facts.operation === 'inference' && !hasInferenceBelow.has(s.spanId));
}

/** Sum over leaves that report the fact; else the root's aggregate; else null. */
function sumLeaves(leaves: TraceSpanInput[], root: TraceSpanInput | null, fact: NumericFact): number | null {
  let sum = 0;
  let reported = false;
  for (const leaf of leaves) {
    const value = leaf.facts[fact];
    if (value !== null) {
      sum += value;
      reported = true;
    }
  }
  return reported ? sum : (root?.facts[fact] ?? null);
}

/** Content-record text for a span: input = the latest record (ties: last given), output = latest (ties: first given). */
function contentText(content: SpanContentInput[], spanId: string, direction: 'input' | 'output'): SpanContentInput | null {
  let best: SpanContentInput | null = null;
  for (const record of content) {
    if (record.spanId !== spanId || record.direction !== direction) continue;
    if (best === null || record.timeMs > best.timeMs || (direction === 'input' && record.timeMs === best.timeMs)) best = record;
  }
  return best;
}

/** A span's captured text, filled in from its log content records when the span has none. */
function spanText(span: TraceSpanInput | null, content: SpanContentInput[], direction: 'input' | 'output'): string | null {
  if (span === null) return null;
  const own = direction === 'input' ? span.facts.inputText : span.facts.outputText;
  return own ?? contentText(content, span.spanId, direction)?.text ?? null;
}

function firstNonNull<T>(root: TraceSpanInput | null, ordered: TraceSpanInput[], get: (s: TraceSpanInput) => T | null): T | null {
  const fromRoot = root === null ? null : get(root);
  if (fromRoot !== null) return fromRoot;
  for (const span of ordered) {
    const value = get(span);
    if (value !== null) return value;
  }
  return null;
}

function pushUnique(list: string[], value: string | null): void {
  if (value !== null && !list.includes(value)) list.push(value);
}

/**
 * Per-trace facts from its spans so far plus content records from GenAI log events. Order-independent
 * and idempotent: spans are deduplicated by id and sorted by (start, depth, id); content records should be given
 * in arrival order (it breaks timestamp ties between prompt messages).
 */
export function computeTraceFacts(traceId: string, spans: TraceSpanInput[], content: SpanContentInput[]): TraceFacts {
  const byId = new Map<string, TraceSpanInput>();
  for (const span of [...spans].sort(compareSpans)) if (!byId.has(span.spanId)) byId.set(span.spanId, span);
  const ordered = orderSpans([...byId.values()]);
  const root = ordered.find((s) => s.parentSpanId === null) ?? null;
  const incomplete = root === null || ordered.some((s) => s.parentSpanId !== null && !byId.has(s.parentSpanId));
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const span of ordered) {
    startMs = Math.min(startMs, span.startMs);
    endMs = Math.max(endMs, span.endMs);
  }
  if (ordered.length === 0) startMs = endMs = 0;

  const leaves = leafInferenceSpans(ordered, byId);
  const models: string[] = [];
  const providers: string[] = [];
  const toolNames: string[] = [];
  const errorTypes: string[] = [];
  let toolCalls = 0;
  let toolErrors = 0;
  let error = false;
  let warningCount = 0;
  for (const { facts, statusCode } of ordered) {
    pushUnique(errorTypes, facts.errorType);
    if (facts.operation === 'tool') {
      toolCalls++;
      if (facts.isError) toolErrors++;
      pushUnique(toolNames, facts.toolName);
    }
    if (facts.isError || statusCode === 2) error = true;
    warningCount += facts.warnings.length;
  }

  // Models and providers of the leaf inference spans (request model, then the one that answered);
  // traces without inference spans (e.g. embeddings only) list every span's.
  for (const { facts } of leaves.length > 0 ? leaves : ordered) {
    pushUnique(models, facts.requestModel);
    pushUnique(models, facts.responseModel);
    pushUnique(providers, facts.provider);
  }

  const finishReasons: string[] = [];
  const finishClasses: FinishClass[] = [];
  let lastFinishClass: FinishClass | null = null;
  for (const leaf of leaves) {
    let reasons = leaf.facts.finishReasons;
    let classes = leaf.facts.finishClasses;
    if (reasons.length === 0) {
      const reason = contentText(content, leaf.spanId, 'output')?.finishReason ?? null;
      if (reason !== null) {
        reasons = [reason];
        classes = [classifyFinishReason(reason) ?? 'other'];
      }
    }
    finishReasons.push(...reasons);
    finishClasses.push(...classes);
    if (classes[0] !== undefined) lastFinishClass = classes[0];
  }

  const first = leaves[0] ?? root;
  const last = leaves[leaves.length - 1] ?? root;
  const inputText =
    spanText(first, content, 'input') ?? (first === root ? null : spanText(root, content, 'input'));
  const outputText =
    spanText(last, content, 'output') ?? (last === root ? null : spanText(root, content, 'output'));
  const actionSpan =
    root !== null && root.facts.action !== null ? root : (ordered.findLast((s) => s.facts.action !== null) ?? null);

  return {
    traceId,
    serviceName: firstNonNull(root, ordered, (s) => s.serviceName),
    release: firstNonNull(root, ordered, (s) => s.release),
    environment: firstNonNull(root, ordered, (s) => s.environment),
    rootSpanId: root?.spanId ?? null,
    incomplete,
    startMs,
    endMs,
    durationMs: root !== null ? root.endMs - root.startMs : endMs - startMs,
    spanCount: ordered.length,
    models,
    providers,
    inputTokens: sumLeaves(leaves, root, 'inputTokens'),
    outputTokens: sumLeaves(leaves, root, 'outputTokens'),
    costUsd: sumLeaves(leaves, root, 'costUsd'),
    inferenceCalls: leaves.length,
    toolCalls,
    toolErrors,
    toolNames,
    error,
    errorTypes,
    finishReasons,
    finishClasses,
    lastFinishClass,
    ttftMs: leaves.length > 0 ? (leaves[0]?.facts.ttftMs ?? null) : (root?.facts.ttftMs ?? null),
    sessionId: firstNonNull(root, ordered, (s) => s.facts.sessionId),
    userId: firstNonNull(root, ordered, (s) => s.facts.userId),
    inputText,
    outputText,
    contentCaptured: inputText !== null || outputText !== null,
    action: actionSpan?.facts.action ?? null,
    actionSource: actionSpan === null ? null : 'attribute',
    actionReason: actionSpan?.facts.actionReason ?? null,
    warningCount,
  };
}
