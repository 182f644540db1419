/** The required-literal filter may only rule out regexes that cannot match: checked on crafted patterns and on every labelled response against the classifier's patterns. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTION_PATTERNS, HEDGE_THEN_ANSWER, HEDGED_ANSWER, NEGATION_BEFORE, OFFER_QUESTION } from '../../../src/domain/scoring/actionPatterns.js';
import { normalizeResponseText } from '../../../src/domain/scoring/classifyActionText.js';
import { LiteralFilter, requiredLiterals } from '../../../src/domain/scoring/requiredLiterals.js';

const CASES: Array<{ name: string; re: RegExp; literals: string[] | null; matches: string[]; misses: string[] }> = [
  { name: 'plain words', re: /\bplease hold\b/i, literals: ['please hold'], matches: ['Please HOLD on'], misses: ['please wait'] },
  { name: 'alternation of words', re: /\b(?:refuse|decline|declined)\b/i, literals: ['refuse', 'decline'], matches: ['We DECLINED it'], misses: ['we said no'] },
  { name: 'an optional part is not required', re: /\bcan(?:not| not)? help\b/i, literals: ['can help', 'can not help', 'cannot help'], matches: ['I can help', 'I cannot help'], misses: ['I can assist', 'help!'] },
  { name: 'classes and quantifiers', re: /\bticket\s*[:#]?\s*\d{3,}/i, literals: ['ticket'], matches: ['Ticket #1234'], misses: ['case 1234'] },
  { name: 'repeat at least once', re: /(?:ab)+c/, literals: ['ab'], matches: ['xxababc'], misses: ['ac'] },
  { name: 'lookarounds are zero-width', re: /(?<!\byou\s)\bdo not have access\b(?! to)/i, literals: ['do not have access'], matches: ['We do not have access.'], misses: ['no access'] },
  { name: 'a branch with no literal makes none required', re: /\bsorry\b|\d{5}/i, literals: null, matches: ['12345'], misses: [] },
  { name: 'backreferences are any text (the literal around them stays)', re: /(\w+) \1/, literals: [' '], matches: ['the the'], misses: ['thethe'] },
  { name: 'non-ASCII literals end a literal', re: /caf\u00e9/i, literals: ['caf'], matches: ['CAF\u00c9'], misses: ['cafe'.slice(1)] },
  { name: 'unicode mode is not parsed', re: /hello/iu, literals: null, matches: ['HELLO'], misses: [] },
  { name: 'stateful regexes always run', re: /hello/g, literals: null, matches: ['hello'], misses: [] },
  { name: 'small plain classes are literals (the rarer set wins)', re: /[.!?] (?:thanks|thank you)/i, literals: ['thank you', 'thanks'], matches: ['Ok. Thank you'], misses: ['thank'] },
];

describe('requiredLiterals', () => {
  it.each(CASES)('$name', ({ re, literals, matches, misses }) => {
    expect(requiredLiterals(re) && [...requiredLiterals(re)!].sort()).toEqual(literals && [...literals].sort());
    const filter = new LiteralFilter([re]);
    for (const text of matches) {
      expect(re.test(text)).toBe(true);
      re.lastIndex = 0;
      expect(filter.scan(text)[0]).toBe(1);
    }
    for (const text of misses) expect(filter.scan(text)[0]).toBe(0);
  });
});

describe('LiteralFilter over the classifier patterns', () => {
  const dir = new URL('../../fixtures/actions/', import.meta.url);
  const texts = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) =>
    readFileSync(new URL(f, dir), 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { text: string }).text));
  const patterns = [...Object.values(ACTION_PATTERNS).flat().map((p) => p.re), OFFER_QUESTION, NEGATION_BEFORE, HEDGED_ANSWER, HEDGE_THEN_ANSWER];
  const filter = new LiteralFilter(patterns);

  it('never rules out a pattern that matches a labelled response (raw or normalized), and rules out most', () => {
    expect(texts.length).toBeGreaterThan(1000);
    let ruledOut = 0;
    for (const text of texts.flatMap((t) => [t, normalizeResponseText(t)])) {
      const may = filter.scan(text);
      patterns.forEach((re, i) => {
        if (re.test(text)) expect(may[i], `${re.source.slice(0, 60)} on ${text}`).toBe(1);
        ruledOut += 1 - may[i]!;
      });
    }
    expect(ruledOut / (texts.length * 2 * patterns.length)).toBeGreaterThan(0.5);
  });
});
