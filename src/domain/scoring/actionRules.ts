/**
 * The rule half of the action classifier: decides answer / abstain / clarify / refuse / escalate from
 * the final assistant output (and the user's question, only to break a tie towards clarify for
 * one-word or empty questions). Pure and deterministic: weighted phrase patterns (actionPatterns.ts),
 * a bonus for the opening of the response, and a few precedence rules between the actions. Its
 * non-answers are precise; classifyActionText.ts lets the trained model decide the rest.
 */
import type { Action } from '../facts/types.js';
import { ACTION_PATTERNS, HEDGE_THEN_ANSWER, HEDGED_ANSWER, NEGATION_BEFORE, OFFER_QUESTION, type ActionPattern } from './actionPatterns.js';
import { LiteralFilter } from './requiredLiterals.js';

/** A classification with the rule codes that decided it. */
export interface TextActionDecision {
  action: Action;
  /** e.g. `escalate:connect_to_human+ticket_opened`, or `answer:no_signal`. */
  reason: string;
}

type Scored = { score: number; codes: string[] };
const NON_ANSWER = ['escalate', 'refuse', 'abstain', 'clarify'] as const;
const OPENING_CHARS = 220;
const MIN_SCORE = 2;
/** A question asking for a specific ("Which currency would you like ...?"), never a trailing offer. */
const WH_SPECIFIC = /(?:^|[,:\u2014\u2013]\s*)(?:which|what|when|where|who|how many|how much|how long)\b/i;
/** A list introduced as questions or details the user is asked for ("I'll need a few details:", "could you tell me:"). */
const REQUEST_LIST = /\b(?:need|tell me|provide|share|send|confirm|let me know|know|details|information|questions?)\b[^.!?\n]{0,40}:\s*(?:\n|$|\s+(?:[-*\u2022]|\d+[.)]))/i;

const CONTRACTION = /\b(?:can't|won't|(\w+)n't|(i)'m|(we|you|they)'re|(i|we|you|they)'ve|(i|we|you|they|he|she|it|that)'ll|(i|we|you|they)'d|(that|it|there|here|what|this)'s)\b/gi;

function expand(m: string, not: string | undefined, im: string | undefined, re: string | undefined, ve: string | undefined, ll: string | undefined, d: string | undefined, is: string | undefined): string {
  const lower = m.toLowerCase();
  if (lower === "can't") return 'cannot';
  if (lower === "won't") return 'will not';
  if (not !== undefined) return `${not} not`;
  if (im !== undefined) return 'I am';
  if (re !== undefined) return `${re} are`;
  if (ve !== undefined) return `${ve} have`;
  if (ll !== undefined) return `${ll} will`;
  if (d !== undefined) return `${d} would`;
  return `${is} is`;
}

/** Normalizes quotes, whitespace and contractions (`I'm` -> `I am`, `can't` -> `cannot`), so patterns list one form. */
export function normalizeResponseText(text: string): string {
  let t = text.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\u00a0/g, ' ').replace(/[ \t]+/g, ' ').trim();
  if (t.includes("'")) t = t.replace(CONTRACTION, expand as (m: string, ...g: string[]) => string);
  return t;
}

/** Text without trailing offers ("Is there anything else I can help with?"), for clarify patterns. */
function withoutOffers(text: string): string {
  if (!text.includes('?')) return text;
  const kept = text
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((s) => !(s.trim().endsWith('?') && OFFER_QUESTION.test(s) && !/\bor\b/i.test(s) && !WH_SPECIFIC.test(s)) && !/^\s*(?:let me know|feel free|hope this helps)/i.test(s))
    .join(' ');
  // A reply that is nothing but "Do you want me to include weekends?" asks in order to proceed.
  return kept.trim() === '' && /\b(?:want|like) me to\b/i.test(text) ? text : kept;
}

/** Rules out patterns whose required words are absent before running them (results unchanged). */
const PATTERN_FILTER = new LiteralFilter(Object.values(ACTION_PATTERNS).flat().map((p) => p.re));

function scoreOf(patterns: readonly ActionPattern[], text: string, openingChars: number, longBody: boolean, negatable = false): Scored {
  const out: Scored = { score: 0, codes: [] };
  const may = PATTERN_FILTER.scan(text);
  for (const p of patterns) {
    if (may[PATTERN_FILTER.indexOf(p.re)] === 0) continue; // a literal every match needs is missing: cannot match
    const m = p.re.exec(text);
    if (!m) continue;
    if (negatable && NEGATION_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
    const inOpening = m.index < openingChars;
    // In a long, substantive response a late hedge ("I can't check your account, but...") weighs less.
    const factor = inOpening ? 1.5 : longBody ? 0.5 : 1;
    out.score += p.weight * factor;
    out.codes.push(p.code);
  }
  return out;
}

/** Structure that marks a substantive answer: lists, steps, code, several paragraphs. */
function isSubstantive(text: string): boolean {
  const listLines = (text.match(/^\s*(?:[-*\u2022]|\d+[.)])\s+\S/gm) ?? []).length;
  return text.length > 700 || listLines >= 3 || text.includes('```');
}

/** Classifies one normalized, non-empty response by the rules alone; `answer:no_signal` when no rule decides. */
export function classifyActionRules(text: string, rawText: string, question: string | null = null): TextActionDecision {
  const substantive = isSubstantive(text);
  const opening = Math.min(OPENING_CHARS, Math.max(80, text.search(/[.!?]\s/) + 1 || OPENING_CHARS));
  const s: Record<(typeof NON_ANSWER)[number], Scored> = {
    escalate: scoreOf(ACTION_PATTERNS.escalate, text, opening + 120, substantive, true),
    refuse: scoreOf(ACTION_PATTERNS.refuse, text, opening, substantive),
    abstain: scoreOf(ACTION_PATTERNS.abstain, text, opening, substantive),
    clarify: scoreOf(ACTION_PATTERNS.clarify, withoutOffers(text), opening + 200, substantive),
  };
  // A hedge followed by substance is an answer, not an abstention.
  if (s.abstain.score > 0 && substantive && HEDGED_ANSWER.test(text)) s.abstain.score *= 0.4;
  // Harm vocabulary alone ("our fraud team monitors ...") is topic, not a refusal: it only supports a refusal cue.
  if (s.refuse.codes.length === 1 && s.refuse.codes[0] === 'harm') s.refuse.score = 0;
  if (s.refuse.score > 0 && substantive && /\b(?:but|however|instead|here(?:'s| is| are))\b/i.test(text)) s.refuse.score *= 0.5;
  // Clarifying questions inside a long, structured answer are follow-ups.
  if (substantive && s.clarify.score > 0 && !(rawText.length < 900 && REQUEST_LIST.test(text))) s.clarify.score *= 0.4;
  // "Can't help, I don't have access" is a lack of access unless a policy or harm reason is given.
  const policyRefusal = s.refuse.codes.some((c) => c === 'policy' || c === 'harm' || c === 'decline' || c === 'not_something_i_do' || c === 'as_an_ai');
  if (s.refuse.score > 0 && s.abstain.score >= 3 && !policyRefusal) s.refuse.score *= 0.3;
  // "I can't browse live sites, but the usual cause is ...": a short hedge, then the answer anyway.
  if (s.abstain.score > 0 && !substantive && HEDGE_THEN_ANSWER.test(text)) s.abstain.score *= 0.2;
  // Asking for what is missing in order to proceed is clarify, even after "I don't have that information".
  if (s.clarify.score >= 3 && s.abstain.score > 0 && !substantive) s.abstain.score *= 0.5;
  const q = question?.trim() ?? '';
  if (q !== '' && q.split(/\s+/).length <= 3 && s.clarify.score > 0) s.clarify.score += 1;

  let best: (typeof NON_ANSWER)[number] | null = null;
  for (const action of NON_ANSWER) {
    if (s[action].score >= MIN_SCORE && (best === null || s[action].score > s[best].score + (action === 'clarify' ? 0.5 : 0))) best = action;
  }
  // An explicit hand-over wins over the apology or refusal that usually comes with it.
  if (s.escalate.score >= 3 && best !== 'escalate' && (s.escalate.score >= (best ? s[best].score : 0) * 0.6)) best = 'escalate';
  if (best === null) return { action: 'answer', reason: 'answer:no_signal' };
  return { action: best, reason: `${best}:${s[best].codes.join('+')}` };
}
