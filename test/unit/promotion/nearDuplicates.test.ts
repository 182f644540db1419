import { describe, expect, it } from 'vitest';
import { findNearDuplicates, inputSimilarity, toInputKey } from '../../../src/domain/promotion/findNearDuplicates.js';

const key = (text: string, extra: Record<string, unknown> = {}) => toInputKey({ messages: [{ role: 'user', content: text }], ...extra });

describe('near-duplicate detection', () => {
  it('the same request from another user (other redacted PII, other system prompt, tools, documents) is a duplicate', () => {
    const a = key('Hi, this is [EMAIL]. What is my current account balance?', { system: 'v1 prompt' });
    const b = key('hi this is [EMAIL] -- what is my current account balance', { system: 'v2 prompt, totally different', documents: [{ id: 'kb-9' }] });
    expect(a).toBe(b);
    expect(findNearDuplicates(b, [{ caseId: 'prod-a', inputKey: a }])).toEqual([{ caseId: 'prod-a', similarity: 1 }]);
  });

  it('small rewording still matches; most similar first', () => {
    const existing = [
      { caseId: 'balance', inputKey: key('What is my current account balance? I paid with card [CARD] yesterday.') },
      { caseId: 'refund', inputKey: key('How long do I have to request a refund for my order?') },
    ];
    const probe = key("What's my current account balance? I paid with my card [CARD] yesterday");
    const matches = findNearDuplicates(probe, existing);
    expect(matches.map((m) => m.caseId)).toEqual(['balance']);
    expect(matches[0]!.similarity).toBeGreaterThanOrEqual(0.8);
  });

  it.each([
    { name: 'another question', a: 'What is my current account balance?', b: 'Can I change the delivery address of order A-1?' },
    { name: 'same topic, different request', a: 'What is my current account balance?', b: 'Why was my account closed last week without notice?' },
  ])('$name is not a duplicate', ({ a, b }) => {
    expect(inputSimilarity(key(a), key(b))).toBeLessThan(0.8);
    expect(findNearDuplicates(key(b), [{ caseId: 'x', inputKey: key(a) }])).toEqual([]);
  });

  it('only user turns count (assistant turns and provenance never do)', () => {
    const a = toInputKey({ messages: [{ role: 'user', content: 'reset my VPN' }, { role: 'assistant', content: 'Sure, which device?' }, { role: 'user', content: 'the laptop' }] });
    const b = toInputKey({ messages: [{ role: 'user', content: 'reset my VPN' }, { role: 'assistant', content: 'OK! Which one?' }, { role: 'user', content: 'the laptop' }] });
    expect(a).toBe(b);
    expect(toInputKey({ question: 'Reset my VPN?' })).toBe('reset my vpn');
  });
});
