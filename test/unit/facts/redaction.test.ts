import { describe, expect, it } from 'vitest';
import { computeSpanFacts } from '../../../src/domain/facts/index.js';
import { makeSpan } from './makeSpan.js';
import type { Attributes } from '../../../collectors/wireTypes.js';

describe('redacted content counts as not captured', () => {
  it.each<{ name: string; attrs: Attributes }>([
    { name: 'OpenInference hidden inputs and outputs', attrs: { 'openinference.span.kind': 'LLM', 'input.value': '__REDACTED__', 'output.value': '__REDACTED__' } },
    { name: 'OTel messages with a redacted part', attrs: { 'gen_ai.operation.name': 'chat', 'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: '[REDACTED]' }] }]) } },
  ])('$name', ({ attrs }) => {
    const facts = computeSpanFacts(makeSpan({ name: 'llm', attributes: attrs }));
    expect(facts.inputText).toBeNull();
    expect(facts.outputText).toBeNull();
  });
  it('keeps real text that merely mentions redaction', () => {
    const facts = computeSpanFacts(makeSpan({ name: 'llm', attributes: { 'openinference.span.kind': 'LLM', 'input.value': 'why was my text __REDACTED__?' } }));
    expect(facts.inputText).toBe('why was my text __REDACTED__?');
  });
});
