import { describe, expect, it } from 'vitest';
import { redactCase } from '../../../src/domain/promotion/redactCase.js';
import { BUILTIN_RULES, findUnredacted, passesLuhn, redactText, toCustomRules } from '../../../src/domain/promotion/redactText.js';
import { redactionRulesFrom } from '../../../src/app/review/redactionRulesFrom.js';

describe('redactText', () => {
  it.each([
    { name: 'email', text: 'mail me at jane.doe+shop@mail.example.co.uk please', want: 'mail me at [EMAIL] please', type: 'EMAIL' },
    { name: 'card with spaces (Luhn ok)', text: 'card 4111 1111 1111 1111 expired', want: 'card [CARD] expired', type: 'CARD' },
    { name: 'card with dashes (Luhn ok)', text: 'use 5500-0000-0000-0004.', want: 'use [CARD].', type: 'CARD' },
    { name: 'card without separators (Luhn ok)', text: 'amex 378282246310005', want: 'amex [CARD]', type: 'CARD' },
    { name: 'US phone', text: 'call (415) 555-0132 now', want: 'call [PHONE] now', type: 'PHONE' },
    { name: 'international phone', text: 'ring +44 20 7946 0958', want: 'ring [PHONE]', type: 'PHONE' },
    { name: 'dotted phone', text: 'tel 415.555.0132', want: 'tel [PHONE]', type: 'PHONE' },
    { name: 'OpenAI-style key', text: 'key sk-proj-abcdefghijklmnop1234567890 leaked', want: 'key [API_KEY] leaked', type: 'API_KEY' },
    { name: 'GitHub token', text: 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', want: '[API_KEY]', type: 'API_KEY' },
    { name: 'AWS access key', text: 'AKIAIOSFODNN7EXAMPLE', want: '[API_KEY]', type: 'API_KEY' },
    { name: 'bearer token', text: 'Authorization: Bearer abc.def-ghi_123456', want: 'Authorization: [TOKEN]', type: 'TOKEN' },
    { name: 'JWT', text: 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', want: 'jwt [TOKEN]', type: 'TOKEN' },
    { name: 'password assignment', text: 'password=hunter2hunter2', want: '[API_KEY]', type: 'API_KEY' },
  ])('$name', ({ text, want, type }) => {
    const r = redactText(text);
    expect(r.text).toBe(want);
    expect(r.counts[type]).toBe(1);
  });

  it.each([
    { name: 'a 16-digit number failing Luhn is not a card', text: 'order 4111111111111112 shipped' },
    { name: 'dates and money stay', text: 'On 2024-03-01 you paid $1,234.56 for 3 items' },
    { name: 'a short order number stays', text: 'order A-1042 and ticket 55512' },
    { name: 'a trace id (hex) stays', text: '4bf92f3577b34da6a3ce929d0e0e4736' },
    { name: 'placeholders are not re-redacted', text: 'token=[TOKEN] and [EMAIL]' },
  ])('$name', ({ text }) => {
    expect(redactText(text)).toEqual({ text, counts: {} });
  });

  it('Luhn', () => {
    expect(passesLuhn('4111111111111111')).toBe(true);
    expect(passesLuhn('4111111111111112')).toBe(false);
    expect(passesLuhn('79927398713')).toBe(true);
  });

  it('configured patterns add typed placeholders after the built-ins', () => {
    const rules = [...BUILTIN_RULES, ...toCustomRules([{ type: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}' }])];
    expect(redactText('ask EMP-123456 or bob@corp.io', rules)).toEqual({ text: 'ask [EMPLOYEE_ID] or [EMAIL]', counts: { EMAIL: 1, EMPLOYEE_ID: 1 } });
    expect(redactionRulesFrom('[{"type":"EMPLOYEE_ID","pattern":"EMP-\\\\d{6}"}]')).toHaveLength(BUILTIN_RULES.length + 1);
    expect(() => redactionRulesFrom('[{"type":"lower","pattern":"x"}]')).toThrow(/TRACEGATE_REDACTION_PATTERNS: 0.type/);
    expect(() => redactionRulesFrom('[{"type":"X","pattern":"("}]')).toThrow(/valid regular expression/);
    expect(() => redactionRulesFrom('not json')).toThrow(/expected JSON/);
  });

  it('findUnredacted names what is left', () => {
    expect(findUnredacted('a@b.io and 4111 1111 1111 1111')).toEqual(['EMAIL', 'CARD']);
    expect(findUnredacted('[EMAIL] and [CARD]')).toEqual([]);
  });
});

describe('redactCase', () => {
  it('redacts every text field (nested, arrays, provenance) but not identifiers, and reports per field', () => {
    const draft = {
      id: 'prod-4111111111111111',
      input: {
        messages: [{ role: 'user', content: 'I am jane@x.io, card 4111 1111 1111 1111' }],
        system: 'internal key sk-live-abcdefghijklmnopqrstuv',
        documents: [{ id: 'kb-1', text: 'call +1 415 555 0132' }],
      },
      referenceAnswer: 'We emailed jane@x.io',
      forbiddenClaims: ['4111 1111 1111 1111'],
      provenance: { source: 'production', traceId: '4111111111111111aaaaaaaaaaaaaaaa', metadata: { observed: { answer: 'sure jane@x.io' }, linkedTraceIds: ['4111111111111111bbbbbbbbbbbbbbbb'] } },
    };
    const { value, report } = redactCase(draft);
    expect(value.id).toBe(draft.id);
    expect(value.provenance.traceId).toBe(draft.provenance.traceId);
    expect(value.provenance.metadata.linkedTraceIds).toEqual(draft.provenance.metadata.linkedTraceIds);
    expect(value.input.messages[0]!.content).toBe('I am [EMAIL], card [CARD]');
    expect(value.input.system).toBe('internal key [API_KEY]');
    expect(value.input.documents[0]!.text).toBe('call [PHONE]');
    expect(value.referenceAnswer).toBe('We emailed [EMAIL]');
    expect(value.forbiddenClaims).toEqual(['[CARD]']);
    expect(value.provenance.metadata.observed.answer).toBe('sure [EMAIL]');
    expect(report).toEqual({
      total: 7,
      counts: { EMAIL: 3, CARD: 2, API_KEY: 1, PHONE: 1 },
      fields: [
        { path: 'input.messages[0].content', counts: { EMAIL: 1, CARD: 1 } },
        { path: 'input.system', counts: { API_KEY: 1 } },
        { path: 'input.documents[0].text', counts: { PHONE: 1 } },
        { path: 'referenceAnswer', counts: { EMAIL: 1 } },
        { path: 'forbiddenClaims[0]', counts: { CARD: 1 } },
        { path: 'provenance.metadata.observed.answer', counts: { EMAIL: 1 } },
      ],
    });
    expect(draft.input.messages[0]!.content).toContain('jane@x.io'); // the input is not mutated
  });
});
