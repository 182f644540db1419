/** `sendFeedback`: posts end-user feedback for a trace to tracegate's `POST /api/feedback`. */

/** Feedback to send: `value` (thumbs) and/or `score` (0..1); `endpoint` is the tracegate base URL. */
export interface FeedbackInput {
  endpoint: string;
  key?: string;
  traceId: string;
  value?: 'up' | 'down';
  /** 0..1. */
  score?: number;
  comment?: string;
  userId?: string;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Milliseconds before the request is aborted (default 10 000). */
  timeoutMs?: number;
}

/** Outcome: the stored feedback id, or why it was not stored. */
export type FeedbackResult =
  | { ok: true; id: string }
  | { ok: false; reason: 'invalid' | 'rejected' | 'unreachable'; status?: number; message: string };

/** Sends feedback; never throws (network and HTTP errors come back as `ok: false`). */
export async function sendFeedback(input: FeedbackInput): Promise<FeedbackResult> {
  const invalid = validate(input);
  if (invalid) return { ok: false, reason: 'invalid', message: invalid };
  const body: Record<string, unknown> = { traceId: input.traceId };
  for (const key of ['value', 'score', 'comment', 'userId'] as const) {
    if (input[key] !== undefined) body[key] = input[key];
  }
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (input.key) headers.authorization = `Bearer ${input.key}`;
  const url = `${input.endpoint.replace(/\/+$/, '')}/api/feedback`;
  let response: Response;
  try {
    response = await (input.fetch ?? fetch)(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(input.timeoutMs ?? 10_000),
    });
  } catch (error) {
    return { ok: false, reason: 'unreachable', message: `POST ${url} failed: ${(error as Error).message}` };
  }
  const text = await response.text();
  if (!response.ok) return { ok: false, reason: 'rejected', status: response.status, message: text.slice(0, 500) };
  try {
    const parsed = JSON.parse(text) as { id?: unknown };
    return { ok: true, id: String(parsed.id ?? '') };
  } catch {
    return { ok: false, reason: 'rejected', status: response.status, message: `expected JSON {id}, got: ${text.slice(0, 200)}` };
  }
}

function validate(input: FeedbackInput): string | null {
  if (!/^[0-9a-f]{32}$/.test(input.traceId)) return `traceId must be 32 lowercase hex characters, got '${input.traceId}'`;
  if (input.value === undefined && input.score === undefined) return 'give a value (up|down) or a score (0..1)';
  if (input.value !== undefined && input.value !== 'up' && input.value !== 'down') return `value must be 'up' or 'down', got '${String(input.value)}'`;
  if (input.score !== undefined && !(input.score >= 0 && input.score <= 1)) return `score must be within 0..1, got ${input.score}`;
  return null;
}
