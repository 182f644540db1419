/** Replays each case against an app's HTTP endpoint (bounded concurrency, timeouts, retries) and returns output records. */
import { performance } from 'node:perf_hooks';
import type { Case } from '../../domain/cases/CaseSchema.js';
import { ActionSchema } from '../../domain/cases/CaseSchema.js';
import { defaultActionClassifier, inferMissingAction, type ActionClassifier } from '../../domain/gate/inferMissingAction.js';
import { MISSING_ACTION_MESSAGE, OutputRecordSchema, type OutputRecord } from '../../domain/gate/OutputRecordSchema.js';

/** Replay settings. */
export interface ReplayOptions {
  url: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** Per attempt, milliseconds. */
  timeoutMs: number;
  /** Extra attempts after a network error, timeout, 429 or 5xx. */
  retries: number;
  /** Base backoff between attempts, milliseconds (doubles each retry). */
  backoffMs?: number;
  /** Called after each finished case with (done, total, errors). */
  onProgress?: (done: number, total: number, errors: number) => void;
}

/** The request body the gate POSTs for one case (documented in docs/gate.md). */
export function toReplayRequest(c: Case): Record<string, unknown> {
  return {
    case_id: c.id,
    input: {
      question: c.input.question ?? null,
      messages: c.input.messages ?? [],
      system: c.input.system ?? null,
      tools: c.input.tools ?? [],
      documents: c.input.documents ?? [],
      document_ids: c.input.documentIds ?? [],
    },
    metadata: { bucket: c.bucket, risk_tier: c.riskTier, evidence_regime: c.evidenceRegime, tags: c.tags },
  };
}

/** Maps a response body to an output record; an invalid body keeps what it can and is marked schema-invalid or errored; a missing action is inferred when a classifier is available. */
export function fromReplayResponse(caseId: string, body: unknown, latencyMs: number, classifier: ActionClassifier | null = defaultActionClassifier): OutputRecord {
  const obj = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const candidate: Record<string, unknown> = { ...obj, case_id: caseId, latency_ms: latencyMs };
  delete candidate.error;
  delete candidate.action_inferred_by;
  const parsed = OutputRecordSchema.safeParse(candidate);
  if (parsed.success) {
    const record = inferMissingAction(parsed.data, classifier);
    return record ?? errored(caseId, `invalid response: action: ${MISSING_ACTION_MESSAGE}`, latencyMs);
  }
  const what = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  const action = ActionSchema.safeParse(obj.action);
  if (action.success) {
    return { case_id: caseId, action: action.data, answer: typeof obj.answer === 'string' ? obj.answer : '', citations: [], tool_calls: [], latency_ms: latencyMs, cost_usd: null, schema_valid: false };
  }
  return errored(caseId, `invalid response: ${what}`, latencyMs);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function replayOne(c: Case, opts: ReplayOptions): Promise<OutputRecord> {
  const body = JSON.stringify(toReplayRequest(c));
  let lastError = 'no attempt';
  for (let attempt = 0; attempt <= opts.retries; attempt++) {
    if (attempt > 0) await sleep((opts.backoffMs ?? 200) * 2 ** (attempt - 1));
    const started = performance.now();
    try {
      const res = await fetch(opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tracegate-case-id': c.id },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      const text = await res.text();
      const latencyMs = Math.round((performance.now() - started) * 1000) / 1000;
      if (res.status === 429 || res.status >= 500) {
        lastError = `HTTP ${res.status}${text ? `: ${oneLine(text)}` : ''}`;
        continue;
      }
      if (!res.ok) return errored(c.id, `HTTP ${res.status}: ${oneLine(text)}`, latencyMs);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return errored(c.id, `response is not JSON: ${oneLine(text)}`, latencyMs);
      }
      return fromReplayResponse(c.id, json, latencyMs);
    } catch (err) {
      const e = err as Error;
      const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
      const detail = cause?.code ?? cause?.message;
      lastError = e.name === 'TimeoutError' ? `timeout after ${opts.timeoutMs} ms` : detail ? `${e.message} (${detail})` : e.message;
    }
  }
  return errored(c.id, `${lastError} (after ${opts.retries + 1} attempts)`, null);
}

/** The first 200 characters of a response body on one line (for error messages). */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function errored(caseId: string, error: string, latencyMs: number | null): OutputRecord {
  return { case_id: caseId, action: null, answer: '', citations: [], tool_calls: [], latency_ms: latencyMs, cost_usd: null, schema_valid: false, error };
}

/** Replays all cases with at most `concurrency` requests in flight; records come back in case order. */
export async function replayCases(cases: readonly Case[], opts: ReplayOptions): Promise<OutputRecord[]> {
  const out: OutputRecord[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  let errors = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const record = await replayOne(cases[i]!, opts);
      out[i] = record;
      done++;
      if (record.error) errors++;
      opts.onProgress?.(done, cases.length, errors);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency, cases.length)) }, worker));
  return out;
}

/** Output records as JSONL text (what `--replay` writes next to the report). */
export function toOutputsJsonl(records: readonly OutputRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
