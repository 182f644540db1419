/** Plans one trace of the simulated support assistant from a cohort spec and a seeded generator. */
import type { Action, FinishClass } from '../facts/types.js';
import type { CohortSpec } from './cohortSpec.js';
import { layoutSpans, minLatencyMs } from './layoutSpans.js';
import type { PlannedChildSpan, PlannedFeedback, PlannedLlmSpan, PlannedToolSpan, PlannedTrace } from './plannedTrace.js';
import type { Prng } from './prng.js';
import { ACTION_REASONS, FEEDBACK_COMMENTS, KB_DOCUMENTS, QUESTIONS, RESPONSES, fillTemplate } from './supportCorpus.js';

/** Where and how the trace is planned. */
export interface PlanTraceInput {
  index: number;
  cohort: 'baseline' | 'canary';
  spec: CohortSpec;
  startMs: number;
  labelled: boolean;
}

const LOOKUP_TOOLS = ['lookup_order', 'get_shipping_eta', 'check_refund_status'] as const;
const TOOL_ERRORS = [
  { type: 'timeout', message: 'order service did not answer within 5000 ms' },
  { type: 'order_service_unavailable', message: 'order service returned 503' },
  { type: 'OrderNotFound', message: 'order not found' },
] as const;
const OUTPUT_FACTOR: Record<Action, number> = { answer: 1, abstain: 0.25, clarify: 0.18, refuse: 0.15, escalate: 0.3 };
const DOWN_PROBABILITY: Record<Action, number> = { answer: 0.15, abstain: 0.5, clarify: 0.3, refuse: 0.6, escalate: 0.35 };
const MAX_TOKENS = 512;
const FINISH_CLASS: Record<PlannedLlmSpan['finishReason'], FinishClass> = { stop: 'stop', length: 'length', content_filter: 'content_filter', tool_calls: 'tool_call' };

/** Plans the trace; all randomness comes from `prng` (one generator per trace keeps traces independent of N). */
export function planTrace(prng: Prng, input: PlanTraceInput): PlannedTrace {
  const { spec } = input;
  const action = drawAction(prng, spec);
  const hasToolError = prng.chance(spec.toolErrorRate);
  const lookupShare = spec.toolErrorRate < 1 ? (spec.toolCallRate - spec.toolErrorRate) / (1 - spec.toolErrorRate) : 0;
  const hasLookup = hasToolError || prng.chance(lookupShare);
  const lookupCount = hasLookup ? (prng.chance(0.25) ? 2 : 1) : 0;
  const hasRetrieval = prng.chance(0.9);

  const order = String(prng.int(10_000, 99_999));
  const doc = prng.pick(KB_DOCUMENTS);
  const slots = {
    order,
    doc: doc.title,
    doc_lower: doc.title.toLowerCase(),
    fact: doc.text,
    fact_lower: doc.text.charAt(0).toLowerCase() + doc.text.slice(1),
    ref: doc.id,
    ticket: `SUP-${prng.int(100_000, 999_999)}`,
  };
  const question = fillTemplate(prng.pick(QUESTIONS[action]), slots);

  let finishReason: PlannedLlmSpan['finishReason'] = 'stop';
  if (action === 'refuse' && prng.chance(spec.contentFilterRate)) finishReason = 'content_filter';
  if (action === 'answer' && prng.chance(spec.lengthRate)) finishReason = 'length';
  let responseText = fillTemplate(prng.pick(RESPONSES[action]), slots);
  if (finishReason === 'content_filter') responseText = '';
  if (finishReason === 'length') responseText = responseText.slice(0, Math.ceil(responseText.length * 0.6));

  const tools: PlannedToolSpan[] = [];
  for (let i = 0; i < lookupCount; i++) {
    const failed = hasToolError && i === 0;
    const error = failed ? prng.pick(TOOL_ERRORS) : null;
    tools.push(toolSpan(prng, prng.pick(LOOKUP_TOOLS), { orderId: order }, failed ? null : { status: prng.pick(['shipped', 'processing', 'delivered']) }, error));
  }
  if (action === 'escalate') tools.push(toolSpan(prng, 'escalate_to_human', { reason: 'customer request', orderId: order }, { ticket: slots.ticket }, null));

  const baseInput = Math.max(50, Math.round(prng.logNormal(spec.inputTokens.median, spec.inputTokens.sigma)));
  let finalOutput = Math.max(5, Math.round(prng.logNormal(spec.outputTokens.median, spec.outputTokens.sigma) * OUTPUT_FACTOR[action]));
  if (finishReason === 'length') finalOutput = MAX_TOKENS;
  if (finishReason === 'content_filter') finalOutput = prng.int(1, 12);

  const llms: PlannedLlmSpan[] = [];
  const llm = (fields: Pick<PlannedLlmSpan, 'inputTokens' | 'outputTokens' | 'finishReason' | 'outputText' | 'requestedTools'>): PlannedLlmSpan => ({
    kind: 'llm', startOffsetMs: 0, durationMs: 0, provider: spec.provider, model: spec.model, ttftMs: 0, userText: question, ...fields,
  });
  if (tools.length > 0) {
    const toolTurnOutput = 18 * tools.length + prng.int(0, 10);
    llms.push(llm({ inputTokens: baseInput, outputTokens: toolTurnOutput, finishReason: 'tool_calls', outputText: '', requestedTools: tools.map((t) => ({ callId: t.callId, name: t.name, arguments: t.arguments })) }));
    const toolResultTokens = tools.reduce((sum) => sum + prng.int(40, 120), 0);
    llms.push(llm({ inputTokens: baseInput + toolTurnOutput + toolResultTokens, outputTokens: finalOutput, finishReason, outputText: responseText, requestedTools: [] }));
  } else {
    llms.push(llm({ inputTokens: baseInput, outputTokens: finalOutput, finishReason, outputText: responseText, requestedTools: [] }));
  }

  const children: PlannedChildSpan[] = [];
  if (hasRetrieval) {
    const docs = [doc, ...KB_DOCUMENTS.filter((d) => d.id !== doc.id).slice(0, 2)];
    let score = prng.uniform(0.75, 0.95) + 0.1;
    children.push({
      kind: 'retrieval', startOffsetMs: 0, durationMs: 0, dataSourceId: 'help-center', query: question,
      documents: docs.map((d) => ({ id: d.id, score: round3((score -= prng.uniform(0.05, 0.2))), content: d.text })),
    });
  }
  if (tools.length > 0) children.push(llms[0] as PlannedLlmSpan, ...tools, llms[1] as PlannedLlmSpan);
  else children.push(llms[0] as PlannedLlmSpan);

  const latencyMs = Math.max(minLatencyMs(children.length) + 20, Math.round(prng.logNormal(spec.latencyMs.median, spec.latencyMs.sigma)));
  const weights = children.map((c) => (c.kind === 'retrieval' ? prng.uniform(0.04, 0.1) : c.kind === 'tool' ? prng.uniform(0.03, 0.12) : c.finishReason === 'tool_calls' ? prng.uniform(0.25, 0.4) : prng.uniform(0.4, 0.6)));
  layoutSpans(latencyMs, weights).forEach((slot, i) => Object.assign(children[i] as PlannedChildSpan, slot));
  const ttftMs = Math.round(prng.logNormal(spec.ttftMs.median, spec.ttftMs.sigma));
  llms.forEach((l, i) => {
    const wanted = i === 0 ? ttftMs : Math.round(l.durationMs * prng.uniform(0.1, 0.3));
    l.ttftMs = Math.max(1, Math.min(wanted, l.durationMs - 1));
  });

  const last = llms[llms.length - 1] as PlannedLlmSpan;
  const userId = `user-${prng.int(1, 5000)}`;
  return {
    index: input.index,
    cohort: input.cohort,
    release: spec.release,
    startMs: input.startMs,
    latencyMs,
    action,
    actionLabelled: input.labelled,
    finishClass: FINISH_CLASS[last.finishReason],
    toolCalls: tools.length,
    toolErrors: tools.filter((t) => t.error).length,
    inputTokens: llms.reduce((s, l) => s + l.inputTokens, 0),
    outputTokens: llms.reduce((s, l) => s + l.outputTokens, 0),
    ttftMs: (llms[0] as PlannedLlmSpan).ttftMs,
    userId,
    conversationId: `conv-${prng.int(1, 1e9).toString(36)}`,
    question,
    responseText,
    feedback: drawFeedback(prng, spec, action, userId),
    root: { kind: 'agent', startOffsetMs: 0, durationMs: latencyMs, agentName: 'support-agent', action, actionReason: prng.pick(ACTION_REASONS[action]) },
    children,
  };
}

function drawAction(prng: Prng, spec: CohortSpec): Action {
  const u = prng.next();
  let cumulative = 0;
  for (const action of ['abstain', 'clarify', 'refuse', 'escalate'] as const) {
    cumulative += spec.actionRates[action];
    if (u < cumulative) return action;
  }
  return 'answer';
}

function drawFeedback(prng: Prng, spec: CohortSpec, action: Action, userId: string): PlannedFeedback | null {
  if (!prng.chance(spec.feedbackRate)) return null;
  const value = prng.chance(DOWN_PROBABILITY[action]) ? 'down' : 'up';
  const comment = prng.chance(0.4) ? prng.pick(FEEDBACK_COMMENTS[value]) : null;
  return { value, comment, userId };
}

function toolSpan(prng: Prng, name: string, args: Record<string, string>, result: Record<string, string> | null, error: { type: string; message: string } | null): PlannedToolSpan {
  return { kind: 'tool', startOffsetMs: 0, durationMs: 0, name, callId: `call_${prng.int(0, 2 ** 31).toString(36)}${prng.int(0, 2 ** 31).toString(36)}`, arguments: args, result, error: error ? { ...error } : null };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
