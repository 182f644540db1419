/**
 * Shared helpers for the third-party producer e2e tests: read traces back through the query API
 * (bounded polling) and remember which traces a producer's spans belong to.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A span as GET /api/traces/:traceId returns it (the fields these tests read). */
export interface SpanJson {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  startTime: string;
  durationMs: number;
  status: { code: string; message: string | null };
  attributes: Record<string, unknown>;
  operation: 'inference' | 'tool' | 'agent' | 'retrieval' | 'embedding' | 'other';
  facts: Record<string, unknown>;
  warnings: string[];
}

/** A trace as GET /api/traces/:traceId returns it. */
export interface TraceJson {
  traceId: string;
  serviceName: string | null;
  release: string | null;
  environment: string | null;
  startTime: string;
  durationMs: number;
  spanCount: number;
  models: string[];
  providers: string[];
  inputTokens: number | null;
  outputTokens: number | null;
  costUsd: number | null;
  toolCalls: number;
  toolErrors: number;
  toolNames: string[];
  error: boolean;
  errorTypes: string[];
  finishReasons: string[];
  finishClasses: string[];
  lastFinishClass: string | null;
  ttftMs: number | null;
  sessionId: string | null;
  userId: string | null;
  inputText: string | null;
  outputText: string | null;
  contentCaptured: boolean;
  action: string | null;
  spans: SpanJson[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls GET {baseUrl}/api/traces/:traceId until the trace exists and `ready` holds (default: it has
 * at least `minSpans` spans), for at most `timeoutMs` (default 8 s). Rejects with the last answer.
 */
export async function waitForTrace(
  baseUrl: string,
  traceId: string,
  opts: { minSpans?: number; ready?: (t: TraceJson) => boolean; timeoutMs?: number } = {},
): Promise<TraceJson> {
  const ready = opts.ready ?? ((t: TraceJson) => t.spans.length >= (opts.minSpans ?? 1));
  const deadline = Date.now() + (opts.timeoutMs ?? 8_000);
  let last = 'no answer';
  for (;;) {
    const res = await fetch(`${baseUrl}/api/traces/${traceId}`);
    const text = await res.text();
    if (res.status === 200) {
      const trace = JSON.parse(text) as TraceJson;
      if (ready(trace)) return trace;
      last = `200 with ${trace.spans.length} span(s): ${trace.spans.map((s) => s.name).join(', ')}`;
    } else {
      last = `${res.status} ${text.slice(0, 300)}`;
    }
    if (Date.now() > deadline) throw new Error(`trace ${traceId} not ready within ${opts.timeoutMs ?? 8_000} ms; last answer: ${last}`);
    await sleep(50);
  }
}

/** The spans of a trace with the given name (in start order). */
export function spansNamed(trace: TraceJson, name: string): SpanJson[] {
  return trace.spans.filter((s) => s.name === name);
}

/** A span processor that remembers every ended span, so a test knows which traces a producer made. */
export class RecordingSpanProcessor implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** Distinct trace ids of recorded spans that match `filter`, in end order. */
  traceIds(filter: (s: ReadableSpan) => boolean = () => true): string[] {
    return [...new Set(this.spans.filter(filter).map((s) => s.spanContext().traceId))];
  }

  /** Resolves once at least `count` spans have ended (a streamed call ends its spans after the caller's await). */
  async waitForSpans(count: number, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.spans.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.spans.length} of ${count} spans ended within ${timeoutMs} ms`);
      await sleep(10);
    }
  }

  /** Forgets what was recorded so far. */
  clear(): void {
    this.spans.length = 0;
  }
}
