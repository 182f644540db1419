/**
 * `groundedness@1` (heuristic): numbers, dates and amounts in the final answer that appear nowhere in
 * the retrieved text captured in the same trace (nor in the user's question) -> `unsupported_claim`;
 * citations naming no retrieved document (`[3]` with two documents, `Source: kb-x` with no such id)
 * -> `unknown_citation`. No retrieved text captured (or no answer text): not assessed, never a failure.
 * value = supported claims / claims (1 when the answer makes none).
 */
import { retrievedDocsOf } from './spanOutput.js';
import type { ScoreResult, ScorerInput } from './types.js';

export const GROUNDEDNESS_SCORER = { name: 'groundedness', version: 1 } as const;

const MONTHS = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/** Claims: amounts, percentages, dates, and numbers of two or more digits (or with decimals). */
const CLAIM = new RegExp(
  String.raw`[$€£]\s?\d[\d,]*(?:\.\d+)?|\d[\d,]*(?:\.\d+)?\s?(?:%|percent|usd|eur|gbp|dollars|euros)|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\b(?:${MONTHS})\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?|\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:${MONTHS})(?:,? \d{4})?|\b\d[\d,]*\.\d+\b|\b\d{2,}[\d,]*\b`,
  'gi',
);
const CITATION_MARK = /\[(\d{1,3})\]/g;
const NAMED_CITATION = /(?:(?:sources?|references?|citations?|see)\s*:\s*|\[\d{1,3}\]\s+)([A-Za-z][\w.-]*[-_][\w.-]*\w)/gi;

const THOUSANDS = /(\d),(\d{3})/g;
const NUMBER = /\d+(?:\.\d+)?/g;
const LEADING_ZEROS = /^0+(?=\d)/;
const DIGIT = /\d/;

/** Adds the numeric tokens of a text (commas dropped, no leading zeros) to `out`, for support checks. */
function addNumbers(text: string, out: Set<string>): Set<string> {
  if (!DIGIT.test(text)) return out;
  for (const m of text.replace(THOUSANDS, '$1$2').matchAll(NUMBER)) out.add(m[0].replace(LEADING_ZEROS, ''));
  return out;
}

export function scoreGroundedness(input: ScorerInput): { score: ScoreResult; flags: string[] } {
  const answer = input.trace.outputText;
  const docs = retrievedDocsOf(input.spans);
  const retrieved = docs.map((d) => d.content ?? '').join('\n');
  if (!answer || retrieved.trim() === '') {
    return { score: { ...GROUNDEDNESS_SCORER, value: null, label: 'not_assessed', reason: !answer ? 'no answer text captured' : 'no retrieved text captured' }, flags: [] };
  }
  // Every claim and citation holds a digit or a colon: most answers are settled without the big patterns.
  const hasDigit = DIGIT.test(answer);
  const hasBracket = hasDigit && answer.includes('[');
  const claims: string[] = [];
  if (hasDigit) for (const m of (hasBracket ? answer.replace(CITATION_MARK, ' ') : answer).matchAll(CLAIM)) claims.push(m[0].trim());
  let unsupported: string[] = [];
  if (claims.length > 0) {
    const known = addNumbers(input.trace.inputText ?? '', addNumbers(retrieved, new Set<string>()));
    unsupported = claims.filter((c) => [...addNumbers(c, new Set<string>())].some((n) => !known.has(n)));
  }
  const citationIssues: string[] = [];
  if (hasBracket) {
    for (const m of answer.matchAll(CITATION_MARK)) {
      const n = Number(m[1]);
      if (n < 1 || n > docs.length) citationIssues.push(`[${n}] (only ${docs.length} document(s) retrieved)`);
    }
  }
  const ids = new Set(docs.map((d) => d.id).filter((id): id is string => id !== null).map((id) => id.toLowerCase()));
  if (ids.size > 0 && (answer.includes(':') || hasBracket)) {
    for (const m of answer.matchAll(NAMED_CITATION)) {
      const id = m[1]!.replace(/[.]+$/, '');
      if (!ids.has(id.toLowerCase())) citationIssues.push(`${id} (not retrieved)`);
    }
  }
  const flags = [...(unsupported.length ? ['unsupported_claim'] : []), ...(citationIssues.length ? ['unknown_citation'] : [])];
  const value = claims.length === 0 ? 1 : (claims.length - unsupported.length) / claims.length;
  const reason = [
    claims.length === 0 ? 'no numbers, dates or amounts in the answer' : `${claims.length - unsupported.length}/${claims.length} claims found in retrieved text`,
    unsupported.length ? `unsupported: ${unsupported.slice(0, 5).join(', ')}` : '',
    citationIssues.length ? `citations naming no retrieved document: ${citationIssues.slice(0, 5).join(', ')}` : '',
  ].filter(Boolean).join('; ');
  return { score: { ...GROUNDEDNESS_SCORER, value, label: flags.length ? flags[0]! : 'grounded', reason }, flags };
}
