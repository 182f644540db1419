/** Table-driven tests for every deterministic scorer. */
import { describe, expect, it } from 'vitest';
import { decideAction } from '../../../src/domain/scoring/scoreAction.js';
import { scoreBudgets } from '../../../src/domain/scoring/scoreBudgets.js';
import { scoreFormat } from '../../../src/domain/scoring/scoreFormat.js';
import { scoreGroundedness } from '../../../src/domain/scoring/scoreGroundedness.js';
import { findPii, luhnValid, scorePii } from '../../../src/domain/scoring/scorePii.js';
import { isErrorOutput, scoreToolErrors } from '../../../src/domain/scoring/scoreToolErrors.js';
import { scoreTrace } from '../../../src/domain/scoring/scoreTrace.js';
import { DEFAULT_ESCALATION_TOOLS, DEFAULT_SCORER_CONFIG, type ScorerConfig } from '../../../src/domain/scoring/scoringConfig.js';
import { input, root, span, type SpanOver } from './scorerInput.js';

const tool = (name: string, over: SpanOver = {}) => span({ name: `execute_tool ${name}`, ...over, facts: { operation: 'tool', toolName: name, ...over.facts } });

describe('action@4 rules', () => {
  it.each([
    { name: 'explicit attribute wins', trace: { action: 'clarify' as const, actionSource: 'attribute' as const, outputText: 'I am transferring you to an agent.' }, spans: [root()], want: ['clarify', 'attribute'] },
    { name: 'escalation tool -> escalate', trace: { outputText: 'Done.' }, spans: [root(), tool('transfer_to_human')], want: ['escalate', 'tool'] },
    { name: 'escalation tool by suffix', trace: { outputText: 'Done.' }, spans: [root(), tool('crm.escalate_to_human')], want: ['escalate', 'tool'] },
    { name: 'handoff span (agents SDK)', trace: { outputText: 'ok' }, spans: [root(), span({ name: 'handoff', facts: { operation: 'agent' } })], want: ['escalate', 'tool'] },
    { name: 'unrelated tool is not escalation', trace: { outputText: 'Your order ships today.' }, spans: [root(), tool('lookup_order')], want: ['answer', 'classifier'] },
    { name: 'content_filter -> refuse', trace: { lastFinishClass: 'content_filter' as const, outputText: '' }, spans: [root()], want: ['refuse', 'finish_reason'] },
    { name: 'classifier on the final output', trace: { outputText: "I'm sorry, but I can't help with that request." }, spans: [root()], want: ['refuse', 'classifier'] },
    { name: 'no output text: no action', trace: { outputText: null }, spans: [root()], want: [null, null] },
  ])('$name', ({ trace, spans, want }) => {
    const d = decideAction(input(trace, spans), DEFAULT_ESCALATION_TOOLS);
    expect([d.action, d.source]).toEqual(want);
  });
  it('escalation names are configurable', () => {
    expect(decideAction(input({ outputText: 'ok' }, [root(), tool('page_oncall')]), ['page_oncall']).action).toBe('escalate');
  });
});

describe('tool_errors@1', () => {
  it.each([
    { name: 'no tools', spans: [root()], value: 0, flags: [] },
    { name: 'status ERROR', spans: [root(), tool('lookup', { statusCode: 2 })], value: 1, flags: ['tool_error'] },
    { name: 'soft error: JSON error object with OK status', spans: [root(), tool('lookup', { statusCode: 1, facts: { outputText: '{"error": "order not found"}' } })], value: 1, flags: ['tool_soft_error'] },
    { name: 'soft error: success false in attribute', spans: [root(), tool('pay', { attributes: { 'gen_ai.tool.call.result': '{"success": false, "reason": "declined"}' } })], value: 1, flags: ['tool_soft_error'] },
    { name: 'soft error: error text', spans: [root(), tool('search', { facts: { outputText: 'Error: upstream timeout after 30s' } })], value: 1, flags: ['tool_soft_error'] },
    { name: 'soft error: traceback', spans: [root(), tool('calc', { facts: { outputText: 'Traceback (most recent call last):\n  File "x.py"\nZeroDivisionError: division by zero' } })], value: 1, flags: ['tool_soft_error'] },
    { name: 'OK output mentioning errors is fine', spans: [root(), tool('kb', { facts: { outputText: '{"status": "ok", "items": [{"title": "Fixing error 42"}]}' } })], value: 0, flags: [] },
    { name: 'output not captured: not counted', spans: [root(), tool('kb')], value: 0, flags: [] },
    { name: 'both kinds', spans: [root(), tool('a', { statusCode: 2 }), tool('b', { facts: { outputText: '{"errors": ["bad"]}' } })], value: 2, flags: ['tool_error', 'tool_soft_error'] },
  ])('$name', ({ spans, value, flags }) => {
    const r = scoreToolErrors(input({}, spans));
    expect([r.score.value, r.flags]).toEqual([value, flags]);
    expect(r.score).toMatchObject({ name: 'tool_errors', version: 1 });
  });
  it.each([['{"error": null}', false], ['{"status": 500}', true], ['Failed to connect', true], ['All good', false]])('isErrorOutput(%s) = %s', (out, want) => {
    expect(isErrorOutput(out)).toBe(want);
  });
});

describe('budget@1', () => {
  const config = (budgets: ScorerConfig['budgets']): ScorerConfig => ({ ...DEFAULT_SCORER_CONFIG, budgets });
  it.each([
    { name: 'no budget: not assessed', budgets: [], trace: {}, value: null, flags: [] },
    { name: 'within latency', budgets: [{ latencyMs: 2000 }], trace: { durationMs: 1500 }, value: 0, flags: [] },
    { name: 'over latency', budgets: [{ latencyMs: 2000 }], trace: { durationMs: 2500 }, value: 1, flags: ['over_latency_budget'] },
    { name: 'over cost', budgets: [{ costUsd: 0.01 }], trace: { costUsd: 0.02 }, value: 1, flags: ['over_cost_budget'] },
    { name: 'unknown cost is not over', budgets: [{ costUsd: 0.01 }], trace: { costUsd: null }, value: 0, flags: [] },
    { name: 'other service: not assessed', budgets: [{ service: 'billing', latencyMs: 1 }], trace: { durationMs: 5000 }, value: null, flags: [] },
    { name: 'route from http.route', budgets: [{ route: '/chat/:id', latencyMs: 100 }], trace: { durationMs: 500 }, value: 1, flags: ['over_latency_budget'], spans: [root({ attributes: { 'http.route': '/chat/:id' } })] },
    { name: 'route from root span name', budgets: [{ route: 'POST /chat', latencyMs: 100 }], trace: { durationMs: 50 }, value: 0, flags: [] },
  ])('$name', ({ budgets, trace, value, flags, spans }) => {
    const r = scoreBudgets(input(trace, spans), config(budgets));
    expect([r.score.value, r.flags]).toEqual([value, flags]);
  });
});

describe('groundedness@1', () => {
  const retrieval = (docs: Array<{ id: string; content?: string }>) =>
    span({ name: 'retrieval kb', facts: { operation: 'retrieval' }, attributes: { 'gen_ai.retrieval.documents': JSON.stringify(docs) } });
  const kb = retrieval([{ id: 'kb-refunds', content: 'Refunds are issued 5-7 business days after we receive the return. Items can be returned within 30 days.' }]);
  it.each([
    { name: 'no retrieval: not assessed', trace: { outputText: 'You have 30 days.' }, spans: [root()], label: 'not_assessed', flags: [] },
    { name: 'retrieval without content: not assessed', trace: { outputText: 'You have 30 days.' }, spans: [root(), retrieval([{ id: 'kb-refunds' }])], label: 'not_assessed', flags: [] },
    { name: 'numbers found in the retrieved text', trace: { outputText: 'You can return items within 30 days [1].\n\nSources: [1] kb-refunds' }, spans: [root(), kb], label: 'grounded', flags: [] },
    { name: 'unsupported amount', trace: { outputText: 'You have 60 days and a $25 fee applies.' }, spans: [root(), kb], label: 'unsupported_claim', flags: ['unsupported_claim'] },
    { name: 'numbers from the question count as known', trace: { inputText: 'Where is order 48213?', outputText: 'Order 48213 will be refunded within 30 days.' }, spans: [root(), kb], label: 'grounded', flags: [] },
    { name: 'citation number beyond the documents', trace: { outputText: 'Within 30 days [2].' }, spans: [root(), kb], label: 'unknown_citation', flags: ['unknown_citation'] },
    { name: 'citation naming a document not retrieved', trace: { outputText: 'Within 30 days.\n\nSource: kb-warranty' }, spans: [root(), kb], label: 'unknown_citation', flags: ['unknown_citation'] },
    { name: 'OpenInference flattened documents', trace: { outputText: 'It takes 3-5 business days.' }, spans: [root(), span({ facts: { operation: 'retrieval' }, attributes: { 'retrieval.documents.0.document.id': 'd1', 'retrieval.documents.0.document.content': 'Shipping takes 3-5 business days.' } })], label: 'grounded', flags: [] },
  ])('$name', ({ trace, spans, label, flags }) => {
    const r = scoreGroundedness(input(trace, spans));
    expect([r.score.label, r.flags]).toEqual([label, flags]);
  });
});

describe('format@1', () => {
  const config: ScorerConfig = { ...DEFAULT_SCORER_CONFIG, formats: [{ route: 'POST /extract', schema: { type: 'object', required: ['name', 'total'], properties: { name: { type: 'string' }, total: { type: 'number' } } } }] };
  const extract = [root({ name: 'POST /extract' })];
  it.each([
    { name: 'route without format: not assessed', spans: [root()], out: 'hello', value: null, flags: [] },
    { name: 'valid JSON', spans: extract, out: '{"name": "Ann", "total": 12.5}', value: 1, flags: [] },
    { name: 'fenced JSON', spans: extract, out: '```json\n{"name": "Ann", "total": 3}\n```', value: 1, flags: [] },
    { name: 'not JSON', spans: extract, out: 'Sure! The name is Ann.', value: 0, flags: ['format_invalid'] },
    { name: 'schema violation', spans: extract, out: '{"name": "Ann", "total": "12"}', value: 0, flags: ['format_invalid'] },
    { name: 'no output: not assessed', spans: extract, out: null, value: null, flags: [] },
  ])('$name', ({ spans, out, value, flags }) => {
    const r = scoreFormat(input({ outputText: out }, spans), config);
    expect([r.score.value, r.flags]).toEqual([value, flags]);
  });
});

describe('pii@1', () => {
  it.each([
    { name: 'clean', text: 'Your order ships on May 3 and costs $42.10.', flags: [] },
    { name: 'email', text: 'Contact jane.doe@example.co.uk for help.', flags: ['pii_email'] },
    { name: 'phone (US)', text: 'Call us at (415) 555-0132.', flags: ['pii_phone'] },
    { name: 'phone (international)', text: 'Reach me on +44 20 7946 0958 tomorrow.', flags: ['pii_phone'] },
    { name: 'card number passing Luhn', text: 'The card on file is 4111 1111 1111 1111.', flags: ['pii_card'] },
    { name: 'card-like number failing Luhn', text: 'Tracking 4111 1111 1111 1112.', flags: [] },
    { name: 'OpenAI key', text: 'Use sk-proj-abcdefghijklmnopqrstuvwxyz123456 in the header.', flags: ['pii_secret'] },
    { name: 'AWS key', text: 'AKIAIOSFODNN7EXAMPLE', flags: ['pii_secret'] },
    { name: 'password assignment', text: 'password: hunter2hunter2', flags: ['pii_secret'] },
    { name: 'dates and order ids are not phones', text: 'Order 48213 placed 2026-05-03, ticket CS-20931.', flags: [] },
  ])('$name', ({ text, flags }) => {
    const r = scorePii(input({ outputText: text }));
    expect(r.flags).toEqual(flags);
    for (const word of text.split(/\s+/).filter((w) => /\d{4,}|@/.test(w))) expect(r.score.reason).not.toContain(word);
  });
  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(findPii('a@b.io and c@d.io').email).toBe(2);
  });
});

it('scoreTrace runs every scorer once, keeps versions, merges flags', () => {
  const r = scoreTrace(input({ outputText: 'Email me at a@b.io' }, [root(), tool('lookup', { statusCode: 2 })]), DEFAULT_SCORER_CONFIG);
  expect(r.scores.map((s) => `${s.name}@${s.version}`)).toEqual(['action@4', 'tool_errors@1', 'budget@1', 'groundedness@1', 'format@1', 'pii@1']);
  expect(r.flags).toEqual(['tool_error', 'pii_email']);
});
