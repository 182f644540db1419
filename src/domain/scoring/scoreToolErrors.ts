/**
 * `tool_errors@1`: failed tool calls per trace. A tool span fails on status ERROR; a soft error is a
 * tool whose captured output is an error object or error text while its status is OK/unset (counted
 * only when the output was captured). value = failed calls; flags `tool_error`, `tool_soft_error`.
 */
import { toolOutputOf } from './spanOutput.js';
import type { ScoreResult, ScorerInput } from './types.js';

export const TOOL_ERRORS_SCORER = { name: 'tool_errors', version: 1 } as const;

const ERROR_TEXT = /^\s*(?:error|exception|fatal|failed|failure|traceback \(most recent call last\)|\d{3} (?:bad request|unauthorized|forbidden|not found|internal server error|service unavailable|too many requests))\b|traceback \(most recent call last\)|\b(?:[A-Z][a-zA-Z]+(?:Error|Exception)): /i;

/** True when a tool output reads as an error (JSON `{error}`, `{success:false}`, `{status:"error"}`, or error text). */
export function isErrorOutput(output: string): boolean {
  const t = output.trim();
  if (t.startsWith('{')) {
    try {
      const o = JSON.parse(t) as Record<string, unknown>;
      if (o && typeof o === 'object') {
        if ((o.error !== undefined && o.error !== null && o.error !== false && o.error !== '') || (Array.isArray(o.errors) && o.errors.length > 0)) return true;
        if (o.success === false || o.ok === false) return true;
        if (typeof o.status === 'string' && /^(error|failed|failure)$/i.test(o.status)) return true;
        if (typeof o.status === 'number' && o.status >= 400) return true;
        return false;
      }
    } catch {
      // not JSON: read as text
    }
  }
  return ERROR_TEXT.test(t);
}

export function scoreToolErrors(input: ScorerInput): { score: ScoreResult; flags: string[] } {
  const hard: string[] = [];
  const soft: string[] = [];
  let calls = 0;
  for (const s of input.spans) {
    if (s.operation !== 'tool') continue;
    calls++;
    const name = s.facts.toolName ?? s.name;
    if (s.statusCode === 2 || s.facts.isError) hard.push(name);
    else {
      const out = toolOutputOf(s);
      if (out !== null && isErrorOutput(out)) soft.push(name);
    }
  }
  const flags = [...(hard.length ? ['tool_error'] : []), ...(soft.length ? ['tool_soft_error'] : [])];
  const failed = hard.length + soft.length;
  const reason = calls === 0 ? 'no tool calls' : failed === 0 ? `${calls} tool call(s), none failed`
    : [hard.length ? `failed: ${hard.join(', ')}` : '', soft.length ? `error output with OK status: ${soft.join(', ')}` : ''].filter(Boolean).join('; ');
  return { score: { ...TOOL_ERRORS_SCORER, value: failed, label: failed ? 'tool_error' : 'ok', reason }, flags };
}
