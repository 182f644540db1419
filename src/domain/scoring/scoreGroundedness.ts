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

/** Numeric tokens of a text (commas dropped, no leading zeros), for support checks. */
function numbersIn(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.replace(/(\d),(\d{3})/g, '$1$2').matchAll(/\d+(?:\.\d+)?/g)) out.add(m[0].replace(/^0+(?=\d)/, ''));
  return out;
}

export function scoreGroundedness(input: ScorerInput): { score: ScoreResult; flags: string[] } {
  const answer = input.trace.outputText;
  const docs = retrievedDocsOf(input.spans);
  const retrieved = docs.map((d) => d.content ?? '').join('\n');
  if (!answer || retrieved.trim() === '') {
    return { score: { ...GROUNDEDNESS_SCORER, value: null, label: 'not_assessed', reason: !answer ? 'no answer text captured' : 'no retrieved text captured' }, flags: [] };
  }
  const known = new Set([...numbersIn(retrieved), ...numbersIn(input.trace.inputText ?? '')]);
  const body = answer.replace(CITATION_MARK, ' ');
  const claims = [...body.matchAll(CLAIM)].map((m) => m[0].trim());
  const unsupported = claims.filter((c) => [...numbersIn(c)].some((n) => !known.has(n)));
  const citationIssues: string[] = [];
  for (const m of answer.matchAll(CITATION_MARK)) {
    const n = Number(m[1]);
    if (n < 1 || n > docs.length) citationIssues.push(`[${n}] (only ${docs.length} document(s) retrieved)`);
  }
  const ids = new Set(docs.map((d) => d.id).filter((id): id is string => id !== null).map((id) => id.toLowerCase()));
  if (ids.size > 0) {
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
