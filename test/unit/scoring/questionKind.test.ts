/** The kind of the user's message the action model conjoins with the reply's words (questionKind.ts). */
import { describe, expect, it } from 'vitest';
import { toQuestionKind } from '../../../src/domain/scoring/questionKind.js';

describe('toQuestionKind', () => {
  it.each([
    { question: 'Waive my late fee please', kind: 'req' },
    { question: 'can you refund the annual plan?', kind: 'req' },
    { question: 'could u move my flight to friday', kind: 'req' },
    { question: "I'd like a refund for the shoes", kind: 'req' },
    { question: 'I want to cancel my order', kind: 'req' },
    { question: 'we would like a second parking permit', kind: 'req' },
    { question: 'let me see my results early', kind: 'req' },
    { question: 'increase my credit limit to 5000', kind: 'req' },
    { question: 'my friend referred me, can you add the bonus', kind: 'req' },
    { question: 'can I return this lamp?', kind: 'may' },
    { question: "what's your return window?", kind: 'ask' },
    { question: 'do you price match?', kind: 'ask' },
    { question: 'How long is the free trial', kind: 'ask' },
    { question: 'refund policy?', kind: 'ask' },
    { question: 'my flight was 4 hours late', kind: 'say' },
    { question: 'tell me the opening hours', kind: 'say' },
  ] as const)('$question -> $kind', ({ question, kind }) => {
    expect(toQuestionKind(question)).toBe(kind);
  });

  it('no question, or one without words, has no kind', () => {
    expect(toQuestionKind(null)).toBeNull();
    expect(toQuestionKind('  ?! ')).toBeNull();
  });
});
