/**
 * A client for any OpenAI-compatible chat endpoint (POST {baseUrl}/chat/completions). Every attempt
 * has a timeout (a hung provider is aborted, never waited on forever); 429 and 503 (and other 5xx or
 * network errors) are retried a bounded number of times, waiting Retry-After when the provider sends it
 * (else exponential backoff); at most `concurrency` calls are in flight at once.
 */

export interface JudgeClientOptions {
  baseUrl: string;
  apiKey: string | null;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  /** Longest Retry-After honoured before giving up on the call (ms). */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** One completed call (after retries): content and usage, or the error code and message. */
export type JudgeCompletion =
  | { ok: true; content: string; inputTokens: number | null; outputTokens: number | null; latencyMs: number; attempts: number }
  | { ok: false; error: string; latencyMs: number; attempts: number };

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Retry-After as ms (seconds or an HTTP date), null when absent or unreadable. */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

export class JudgeClient {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: JudgeClientOptions) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Calls in flight now (for tests and metrics). */
  get inFlight(): number {
    return this.active;
  }

  async complete(model: string, prompt: string): Promise<JudgeCompletion> {
    await this.acquire();
    try {
      return await this.withRetries(model, prompt);
    } finally {
      this.release();
    }
  }

  private async withRetries(model: string, prompt: string): Promise<JudgeCompletion> {
    const started = performance.now();
    let lastError = 'unknown';
    for (let attempt = 1; attempt <= this.opts.maxRetries + 1; attempt++) {
      const r = await this.once(model, prompt);
      const latencyMs = performance.now() - started;
      if (r.kind === 'ok') return { ok: true, content: r.content, inputTokens: r.inputTokens, outputTokens: r.outputTokens, latencyMs, attempts: attempt };
      lastError = r.error;
      if (!r.retryable || attempt > this.opts.maxRetries) return { ok: false, error: lastError, latencyMs, attempts: attempt };
      const wait = r.retryAfterMs ?? Math.min(8000, 250 * 2 ** (attempt - 1));
      if (wait > (this.opts.maxRetryAfterMs ?? 60_000)) return { ok: false, error: `${lastError} (Retry-After ${Math.round(wait / 1000)} s is longer than the wait allowed)`, latencyMs, attempts: attempt };
      await this.sleep(wait);
    }
    return { ok: false, error: lastError, latencyMs: performance.now() - started, attempts: this.opts.maxRetries + 1 };
  }

  private async once(model: string, prompt: string): Promise<
    | { kind: 'ok'; content: string; inputTokens: number | null; outputTokens: number | null }
    | { kind: 'error'; error: string; retryable: boolean; retryAfterMs: number | null }
  > {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.opts.timeoutMs);
    try {
      const res = await fetch(`${this.opts.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) },
        body: JSON.stringify({ model, temperature: 0, messages: [{ role: 'user', content: prompt }], response_format: { type: 'json_object' } }),
        signal: controller.signal,
      });
      const text = await res.text();
      if (!res.ok) {
        return { kind: 'error', error: `http_${res.status}`, retryable: RETRYABLE.has(res.status), retryAfterMs: parseRetryAfterMs(res.headers.get('retry-after'), Date.now()) };
      }
      let body: { choices?: Array<{ message?: { content?: unknown } }>; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return { kind: 'error', error: 'malformed_response: body is not JSON', retryable: false, retryAfterMs: null };
      }
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== 'string') return { kind: 'error', error: 'malformed_response: no choices[0].message.content', retryable: false, retryAfterMs: null };
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
      return { kind: 'ok', content, inputTokens: num(body.usage?.prompt_tokens), outputTokens: num(body.usage?.completion_tokens) };
    } catch (err) {
      const aborted = controller.signal.aborted;
      return { kind: 'error', error: aborted ? `timeout after ${this.opts.timeoutMs} ms` : `network: ${err instanceof Error ? err.message : String(err)}`, retryable: true, retryAfterMs: null };
    } finally {
      clearTimeout(timer);
    }
  }

  private acquire(): Promise<void> {
    if (this.active < this.opts.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => (this.active++, resolve())));
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
