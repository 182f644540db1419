/**
 * The action scorer (`action@4`): the explicit `tracegate.action` attribute; else a call to an
 * escalation tool or handoff -> escalate; else finish class content_filter -> refuse; else the text
 * classifier over the final assistant output (and the question). No output text: no action.
 */
import type { Action } from '../facts/types.js';
import { classifyActionText } from './classifyActionText.js';
import type { ActionSource, ScoreResult, ScorerInput } from './types.js';

export const ACTION_SCORER = { name: 'action', version: 4 } as const;

export interface ActionDecision {
  action: Action | null;
  source: ActionSource | null;
  reason: string;
}

const normalizeName = (name: string) => name.trim().toLowerCase().replace(/[\s.-]+/g, '_');

/** Normalized escalation names and their `transfer_to_` forms, once per configured list (the config is frozen for the process). */
const normalizedLists = new WeakMap<readonly string[], { names: readonly string[]; exact: ReadonlySet<string> }>();
function normalizedNames(escalationTools: readonly string[]): { names: readonly string[]; exact: ReadonlySet<string> } {
  let lists = normalizedLists.get(escalationTools);
  if (!lists) {
    const names = escalationTools.map(normalizeName);
    lists = { names, exact: new Set([...names, ...names.map((e) => `transfer_to_${e}`)]) };
    normalizedLists.set(escalationTools, lists);
  }
  return lists;
}

/** True when `name` is one of the escalation names, or ends/starts with one (`transfer_to_human_agent`). */
export function isEscalationName(name: string, escalationTools: readonly string[]): boolean {
  const n = normalizeName(name);
  const { names, exact } = normalizedNames(escalationTools);
  if (exact.has(n)) return true;
  for (const e of names) {
    if (n.length > e.length && ((n.endsWith(e) && n[n.length - e.length - 1] === '_') || (n.startsWith(e) && n[e.length] === '_'))) return true;
  }
  return false;
}

const HANDOFF_NAME = /handoff|transfer/i;
const HANDOFF_PREFIX = /^(?:execute_tool|handoff|transfer)\s+/i;

/** Decides the trace's action and where it came from. */
export function decideAction(input: ScorerInput, escalationTools: readonly string[]): ActionDecision {
  const t = input.trace;
  if (t.action && t.actionSource === 'attribute') return { action: t.action, source: 'attribute', reason: t.actionReason ?? 'tracegate.action attribute' };
  for (const span of input.spans) {
    // Only tool spans have a tool name (SpanFacts.toolName is null on every other operation).
    const tool = span.operation === 'tool' ? span.facts.toolName : null;
    if (tool && isEscalationName(tool, escalationTools)) return { action: 'escalate', source: 'tool', reason: `tool ${tool} called` };
    if ((span.operation === 'agent' || span.operation === 'tool' || HANDOFF_NAME.test(span.name)) && isEscalationName(span.name.replace(HANDOFF_PREFIX, ''), escalationTools)) {
      return { action: 'escalate', source: 'tool', reason: `handoff span ${span.name}` };
    }
  }
  if (t.lastFinishClass === 'content_filter') return { action: 'refuse', source: 'finish_reason', reason: 'finish reason content_filter' };
  if (t.outputText === null || t.outputText.trim() === '') return { action: null, source: null, reason: 'no output text captured' };
  const d = classifyActionText(t.outputText, t.inputText);
  return { action: d.action, source: 'classifier', reason: d.reason };
}

/** The decision as a score row. */
export function toActionScore(d: ActionDecision): ScoreResult {
  return { ...ACTION_SCORER, value: null, label: d.action, reason: d.source ? `${d.source}: ${d.reason}` : d.reason };
}
