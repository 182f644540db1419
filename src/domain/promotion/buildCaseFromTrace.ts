/**
 * Rebuilds a regression case from a stored trace: the input the app received (system instructions,
 * messages, tool definitions, retrieved documents as the evidence snapshot), what the app did, the
 * reviewer's labels and provenance. Pure; the result is NOT redacted yet (see redactCase).
 */
import type { Attributes } from '../../../collectors/wireTypes.js';
import type { CaseDraft } from '../cases/CaseSchema.js';
import { messageText } from '../facts/extractMessageText.js';
import { readMaybeJson } from '../facts/readAttr.js';
import type { SpanFacts, TraceFacts } from '../facts/types.js';
import type { ReviewLabels } from './ReviewLabels.js';
import type { ReviewSignal } from './signals.js';

/** The parts of a stored span this builder reads. */
export interface SpanForCase {
  spanId: string;
  startMs: number;
  attributes: Attributes;
  facts: SpanFacts;
}

/** Who approved what, when, for which review item. */
export interface ApprovalContext {
  caseId: string;
  reviewItemId: string;
  signals: readonly ReviewSignal[];
  approvedAt: Date;
  labels: ReviewLabels;
}

type Message = { role: 'system' | 'user' | 'assistant' | 'tool'; content: string };
type Tool = { name: string; description?: string; parameters?: Record<string, unknown> };
type Doc = { id: string; text?: string; title?: string };

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `gen_ai.input.messages` (or OpenAI-shaped messages) as `{role, content}` text messages. */
function readMessages(attrs: Attributes): Message[] {
  const value = readMaybeJson(attrs, 'gen_ai.input.messages');
  if (!Array.isArray(value)) return [];
  const out: Message[] = [];
  for (const m of value) {
    if (!isRecord(m)) continue;
    const role = typeof m.role === 'string' ? m.role.toLowerCase() : 'user';
    const content = messageText(m);
    if (content === null) continue;
    out.push({ role: (ROLES.has(role) ? role : role === 'human' ? 'user' : 'assistant') as Message['role'], content });
  }
  return out;
}

/** `gen_ai.system_instructions`: a JSON list of parts or plain text. */
function readSystem(attrs: Attributes): string | null {
  const value = readMaybeJson(attrs, 'gen_ai.system_instructions');
  if (value === undefined || value === null) return null;
  return messageText(value);
}

/** `gen_ai.tool.definitions`: `[{type, name, description, parameters}]`. */
function readToolDefinitions(attrs: Attributes): Tool[] {
  const value = readMaybeJson(attrs, 'gen_ai.tool.definitions');
  if (!Array.isArray(value)) return [];
  const out: Tool[] = [];
  for (const t of value) {
    const def = isRecord(t) && isRecord(t.function) ? t.function : t;
    if (!isRecord(def) || typeof def.name !== 'string' || def.name.length === 0) continue;
    const tool: Tool = { name: def.name };
    if (typeof def.description === 'string') tool.description = def.description;
    if (isRecord(def.parameters)) tool.parameters = def.parameters;
    out.push(tool);
  }
  return out;
}

/** `gen_ai.retrieval.documents`: `[{id, score, content?}]`. */
function readDocuments(attrs: Attributes): Doc[] {
  const value = readMaybeJson(attrs, 'gen_ai.retrieval.documents');
  if (!Array.isArray(value)) return [];
  const out: Doc[] = [];
  for (const d of value) {
    if (!isRecord(d) || (typeof d.id !== 'string' && typeof d.id !== 'number')) continue;
    const doc: Doc = { id: String(d.id) };
    const text = typeof d.content === 'string' ? d.content : typeof d.text === 'string' ? d.text : null;
    if (text !== null) doc.text = text;
    if (typeof d.title === 'string') doc.title = d.title;
    out.push(doc);
  }
  return out;
}

/** The input the app received, read from the trace's spans (first inference span's request). */
export function extractCaseInput(trace: TraceFacts, spans: readonly SpanForCase[]): CaseDraft['input'] {
  const ordered = [...spans].sort((a, b) => a.startMs - b.startMs || a.spanId.localeCompare(b.spanId));
  const inference = ordered.filter((s) => s.facts.operation === 'inference');
  let messages: Message[] = [];
  let system: string | null = null;
  const tools = new Map<string, Tool>();
  for (const s of inference) {
    if (messages.length === 0) messages = readMessages(s.attributes);
    system ??= readSystem(s.attributes);
    for (const t of readToolDefinitions(s.attributes)) if (!tools.has(t.name)) tools.set(t.name, t);
  }
  for (const s of ordered) {
    if (s.facts.operation !== 'tool' || !s.facts.toolName || tools.has(s.facts.toolName)) continue;
    const description = s.attributes['gen_ai.tool.description'];
    tools.set(s.facts.toolName, { name: s.facts.toolName, ...(typeof description === 'string' ? { description } : {}) });
  }
  const documents = new Map<string, Doc>();
  for (const s of ordered) {
    if (s.facts.operation !== 'retrieval') continue;
    for (const d of readDocuments(s.attributes)) if (!documents.has(d.id)) documents.set(d.id, d);
  }
  // System messages in the list move to `system` (one place for instructions).
  const systemInList = messages.filter((m) => m.role === 'system').map((m) => m.content);
  const chat = messages.filter((m) => m.role !== 'system');
  const systemText = system ?? (systemInList.length > 0 ? systemInList.join('\n') : null);
  const input: CaseDraft['input'] = {};
  if (chat.length > 0) input.messages = chat;
  else input.question = trace.inputText ?? '';
  if (systemText !== null) input.system = systemText;
  if (tools.size > 0) input.tools = [...tools.values()];
  if (documents.size > 0) {
    input.documents = [...documents.values()];
    input.documentIds = [...documents.keys()];
  }
  return input;
}

/** Evidence regime when the reviewer gives none: retrieved documents, else tools, else unsupported. */
function defaultRegime(input: CaseDraft['input'], trace: TraceFacts): CaseDraft['evidenceRegime'] {
  if ((input.documents?.length ?? 0) > 0) return 'retrieved';
  if (trace.toolCalls > 0 || (input.tools?.length ?? 0) > 0) return 'tool-derived';
  return 'unsupported';
}

/** Versions of the scorers and judges behind the signals (`details.scorerVersion` / `judgeVersion` / `version`). */
function versionsOf(signals: readonly ReviewSignal[], kind: 'scorer' | 'judge'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of signals) {
    const v = s.details[`${kind}Version`] ?? (kind === 'judge' ? (s.kind === 'judge' ? s.details.version : undefined) : s.kind !== 'judge' ? s.details.version : undefined);
    if (typeof v === 'string' || typeof v === 'number') out[s.source] = String(v);
  }
  return out;
}

/** The case draft for an approved review item (unredacted: redact before storing). */
export function buildCaseFromTrace(trace: TraceFacts, spans: readonly SpanForCase[], ctx: ApprovalContext): CaseDraft {
  const input = extractCaseInput(trace, spans);
  const l = ctx.labels;
  return {
    id: ctx.caseId,
    tier: l.tier,
    input,
    expectedAction: l.action,
    bucket: l.bucket,
    riskTier: l.riskTier,
    evidenceRegime: l.evidenceRegime ?? defaultRegime(input, trace),
    tags: [...new Set(l.tags)],
    gateGroup: l.gateGroup ?? (l.riskTier === 'critical' || l.riskTier === 'high' ? 'safety' : 'general'),
    owner: l.owner ?? l.reviewer,
    ...(l.referenceAnswer !== undefined ? { referenceAnswer: l.referenceAnswer } : {}),
    requiredFacts: l.requiredFacts,
    forbiddenClaims: l.forbiddenClaims,
    requiredCitations: l.requiredCitations,
    requiredTools: l.requiredTools,
    provenance: {
      source: 'production',
      traceId: trace.traceId,
      createdAt: ctx.approvedAt.toISOString(),
      ...(l.notes !== undefined ? { notes: l.notes } : {}),
      metadata: {
        reviewItemId: ctx.reviewItemId,
        reviewer: l.reviewer,
        approvedAt: ctx.approvedAt.toISOString(),
        flags: ctx.signals.map((s) => ({ kind: s.kind, source: s.source, reason: s.reason, strength: s.strength, at: s.at, details: s.details })),
        scorerVersions: versionsOf(ctx.signals, 'scorer'),
        judgeVersions: versionsOf(ctx.signals, 'judge'),
        observed: {
          action: trace.action,
          answer: trace.outputText,
          toolCalls: trace.toolNames,
          toolErrors: trace.toolErrors,
          models: trace.models,
          release: trace.release,
          service: trace.serviceName,
          environment: trace.environment,
          finishClass: trace.lastFinishClass,
        },
        linkedTraceIds: [],
      },
    },
  };
}
