/**
 * Features of a response for the action model (actionModel.ts): lower-cased word unigrams and bigrams
 * (digit runs folded to `0`, contractions expanded: `can't` -> `cannot`, `I'm` -> `i am`), the bigrams
 * of the opening marked `^`, and a few structural cues: the closing question, several questions, an
 * either/or question, a list, code, a short user question. The kind of the user's question
 * (questionKind.ts: a request, a permission question, a question for information) is a cue too, and
 * conjoined with every word of the reply (`req~only`, `ask~only`): a reply stating a rule declines a
 * request but answers a question about the rule. One scanner serves training (feature names) and
 * inference (32-bit feature keys, no strings built), so the two cannot disagree; `toFeatureKey` maps a
 * name to its key.
 */

import { toQuestionKind, type QuestionKind } from './questionKind.js';

const OPENING_CHARS = 160;
const MAX_TOKENS = 400;
const START = '<s>';
const LIST_LINE = /^\s*(?:[-*\u2022]|\d+[.)])\s+\S/gm;
const EITHER_OR_QUESTION = /\bor\b[^.!?\n]{1,80}\?/i;
/** Subjects whose `'s` is `is` (`that's` -> `that is`); any other `'s` is a possessive and dropped. */
const IS_SUBJECTS = new Set(['that', 'it', 'there', 'here', 'what', 'this', 'he', 'she', 'who', 'where', 'how']);

/** FNV-1a hash of a string (a token or a structural cue). */
export function hashToken(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Murmur3's finalizer: spreads the bits of a combined key. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const pairKey = (a: number, b: number) => fmix(Math.imul(a, 0x9e3779b1) ^ b);
const openingKey = (k: number) => fmix(k ^ 0x27d4eb2d);
const conjKey = (kind: number, word: number) => fmix(Math.imul(kind, 0x85ebca77) ^ word ^ 0x165667b1);
const START_KEY = hashToken(START);
const ZERO_KEY = hashToken('0');
const QUESTION_KEY = hashToken('?');
const COLON_KEY = hashToken(':');

/** The key of a feature name (`tok`, `a b`, `^a b`, `#cue`), equal to the key the scanner emits for it. */
export function toFeatureKey(name: string): number {
  if (name.startsWith('^')) return openingKey(toFeatureKey(name.slice(1)));
  if (name.startsWith('#')) return hashToken(name);
  const tilde = name.indexOf('~');
  if (tilde > 0) return conjKey(hashToken(name.slice(0, tilde)), hashToken(name.slice(tilde + 1)));
  const space = name.indexOf(' ');
  return space < 0 ? hashToken(name) : pairKey(hashToken(name.slice(0, space)), hashToken(name.slice(space + 1)));
}

/** The words of one token with an apostrophe (`can't` -> cannot, `won't` -> will not, `i'm` -> i am, `bob's` -> bob). */
function expandContraction(token: string): string[] {
  const at = token.indexOf("'");
  const stem = token.slice(0, at);
  const tail = token.slice(at + 1);
  if (tail === 't' && stem.endsWith('n')) {
    const base = stem.slice(0, -1);
    if (base === 'ca') return ['cannot'];
    if (base === 'wo') return ['will', 'not'];
    if (base === 'sha') return ['shall', 'not'];
    return [base, 'not'];
  }
  const word = { m: 'am', re: 'are', ve: 'have', ll: 'will', d: 'would' }[tail];
  if (word) return [stem, word];
  if (tail === 's') return IS_SUBJECTS.has(stem) ? [stem, 'is'] : [stem];
  return [stem + tail];
}

const isLetterOrDigit = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
const isApostrophe = (c: number) => c === 39 || c === 0x2019 || c === 0x2018 || c === 0x2bc;

/** Collects features as keys, and as names when `names` is given (training). */
class FeatureSink {
  private prevKey = START_KEY;
  private prevName = START;
  count = 0;
  /** The kind of the user's question whose conjunctions with the reply's words are emitted (null: none). */
  private kind: string | null = null;
  private kindKey = 0;
  constructor(readonly keys: number[], readonly names: string[] | null) {}

  conjoinWith(kind: string | null): void {
    this.kind = kind;
    this.kindKey = kind === null ? 0 : hashToken(kind);
  }

  token(word: string, key: number, opening: boolean): void {
    const bigram = pairKey(this.prevKey, key);
    this.keys.push(key, bigram);
    if (opening) this.keys.push(openingKey(bigram));
    if (this.names) {
      const name = `${this.prevName} ${word}`;
      this.names.push(word, name);
      if (opening) this.names.push(`^${name}`);
      this.prevName = word;
    }
    if (this.kind !== null) this.conjoin(this.kind, this.kindKey, word, key);
    this.prevKey = key;
    this.count++;
  }

  cue(name: string): void {
    this.keys.push(hashToken(name));
    this.names?.push(name);
  }

  /** The reply's words conjoined with the kind of the user's question (`req~not`): the same words weigh differently after a request. */
  conjoin(kind: string, kindKey: number, word: string, key: number): void {
    this.keys.push(conjKey(kindKey, key));
    this.names?.push(`${kind}~${word}`);
  }
}

/** Scans the words of `text` (lower-cased on the fly) into the sink. */
function scanWords(text: string, sink: FeatureSink): void {
  const n = text.length;
  let i = 0;
  while (i < n && sink.count < MAX_TOKENS) {
    let c = text.charCodeAt(i) | 0x20;
    if (!isLetterOrDigit(c) || text.charCodeAt(i) > 127) {
      // `?` and `:` are words too: "... or a paragraph?", "I'll need a few details:".
      const p = text.charCodeAt(i);
      if (p === 63) sink.token('?', QUESTION_KEY, i < OPENING_CHARS);
      else if (p === 58) sink.token(':', COLON_KEY, i < OPENING_CHARS);
      i++;
      continue;
    }
    const start = i;
    let h = 0x811c9dc5;
    let apostrophe = false;
    while (i < n) {
      const raw = text.charCodeAt(i);
      c = raw <= 90 && raw >= 65 ? raw | 0x20 : raw;
      if (isLetterOrDigit(c)) h = Math.imul(h ^ c, 0x01000193);
      else if (isApostrophe(c) && !apostrophe && i + 1 < n && ((text.charCodeAt(i + 1) | 0x20) >= 97 && (text.charCodeAt(i + 1) | 0x20) <= 122)) apostrophe = true;
      else break;
      i++;
    }
    const first = text.charCodeAt(start);
    const opening = start < OPENING_CHARS;
    if (first >= 48 && first <= 57) sink.token('0', ZERO_KEY, opening);
    else if (apostrophe) {
      for (const w of expandContraction(text.slice(start, i).toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'"))) sink.token(w, hashToken(w), opening);
    } else sink.token(sink.names ? text.slice(start, i).toLowerCase() : '', h >>> 0, opening);
  }
}


/** Structural cues: a question closing the reply, several questions, an either/or question, a list, code, a short user question, the question's kind. */
function scanCues(text: string, question: string | null, kind: QuestionKind | null, sink: FeatureSink): void {
  if (text.trimEnd().endsWith('?')) sink.cue('#ends_q');
  let questions = 0;
  for (let i = text.indexOf('?'); i !== -1; i = text.indexOf('?', i + 1)) questions++;
  if (questions >= 2) sink.cue('#multi_q');
  if (questions > 0 && EITHER_OR_QUESTION.test(text)) sink.cue('#or_q');
  if ((text.match(LIST_LINE)?.length ?? 0) >= 3) sink.cue('#list');
  if (text.includes('```')) sink.cue('#code');
  const q = question?.trim() ?? '';
  if (q !== '' && q.split(/\s+/).length <= 3) sink.cue('#q_short');
  if (kind !== null) sink.cue(`#q_${kind}`);
}

/** The question kinds whose conjunctions with the reply's words are features (a statement is too varied to help). */
const CONJOINED: ReadonlySet<QuestionKind> = new Set(['req', 'may', 'ask']);

/** Scans the reply's words and the cues into a fresh sink. */
function scan(text: string, question: string | null, names: string[] | null): FeatureSink {
  const sink = new FeatureSink([], names);
  const kind = toQuestionKind(question);
  sink.conjoinWith(kind !== null && CONJOINED.has(kind) ? kind : null);
  scanWords(text, sink);
  sink.conjoinWith(null);
  scanCues(text, question, kind, sink);
  return sink;
}

/** The feature keys of one response (inference; duplicates allowed, the model counts each once). */
export function toActionFeatureKeys(text: string, question: string | null): number[] {
  return scan(text, question, null).keys;
}

/** The feature names of one response (training and explanations), in the order of toActionFeatureKeys. */
export function toActionFeatures(text: string, question: string | null): string[] {
  return scan(text, question, []).names!;
}
