/**
 * Near-duplicate detection over a case's normalized input text (user messages or question only: ids,
 * provenance, system prompts and tools never count, so a second trace of the same request matches).
 * Pure.
 */
import type { CaseDraft } from '../cases/CaseSchema.js';

/** Similarity at or above which two inputs are the same case (Jaccard of character 4-grams). */
export const NEAR_DUPLICATE_THRESHOLD = 0.8;

/** The text the comparison uses: user turns (or the question), lower case, punctuation and spacing folded. */
export function toInputKey(input: CaseDraft['input']): string {
  const turns = (input.messages ?? []).filter((m) => m.role === 'user').map((m) => m.content);
  const raw = turns.length > 0 ? turns.join(' \n ') : (input.question ?? '');
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\[([a-z_0-9]+)\]/g, ' $1 ') // placeholders stay one token: [email] and another [email] match
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function grams(text: string): Set<string> {
  const padded = ` ${text} `;
  const out = new Set<string>();
  if (padded.length < 4) out.add(padded);
  for (let i = 0; i + 4 <= padded.length; i++) out.add(padded.slice(i, i + 4));
  return out;
}

/** Jaccard similarity 0..1 of two input keys' character 4-gram sets (1 for equal keys). */
export function inputSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const ga = grams(a);
  const gb = grams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  const union = ga.size + gb.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** An existing case that matches. */
export interface NearDuplicate {
  caseId: string;
  similarity: number;
}

/** Existing cases whose input key is at least `threshold` similar to `key`, most similar first. */
export function findNearDuplicates(
  key: string,
  existing: ReadonlyArray<{ caseId: string; inputKey: string }>,
  threshold = NEAR_DUPLICATE_THRESHOLD,
): NearDuplicate[] {
  return existing
    .map((e) => ({ caseId: e.caseId, similarity: Math.round(inputSimilarity(key, e.inputKey) * 1000) / 1000 }))
    .filter((m) => m.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity || a.caseId.localeCompare(b.caseId));
}
