/** PII and secret redaction with typed placeholders (`[EMAIL]`, `[CARD]`, ...). Pure. */
import { z } from 'zod';

/** One detector: a placeholder type, a global regex, and an optional check of each match. */
export interface RedactionRule {
  type: string;
  pattern: RegExp;
  accept?: (match: string) => boolean;
}

/** A configured extra pattern (`TRACEGATE_REDACTION_PATTERNS`): placeholder type and regex source. */
export const CustomRedactionPatternSchema = z.strictObject({
  type: z.string().regex(/^[A-Z][A-Z0-9_]{0,39}$/, 'type must be upper case letters, digits, _ (e.g. EMPLOYEE_ID)'),
  pattern: z.string().min(1).refine((p) => {
    try {
      new RegExp(p, 'g');
      return true;
    } catch {
      return false;
    }
  }, 'pattern must be a valid regular expression'),
});
export type CustomRedactionPattern = z.infer<typeof CustomRedactionPatternSchema>;
export const CustomRedactionPatternsSchema = z.array(CustomRedactionPatternSchema);

/** True when the digits pass the Luhn checksum (card numbers). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * Built-in detectors, applied in this order (secrets first, so a token is never half-eaten as a phone
 * number; cards before phones, since a card number also looks like digits with separators).
 */
export const BUILTIN_RULES: readonly RedactionRule[] = [
  { type: 'TOKEN', pattern: /\bBearer\s+[A-Za-z0-9._~+/-]{8,}=*/g },
  { type: 'TOKEN', pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g },
  {
    type: 'API_KEY',
    pattern: /\b(?:sk|pk|rk)[-_](?:live[-_]|test[-_]|proj[-_]|ant[-_])?[A-Za-z0-9_-]{16,}|\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}|\bAKIA[0-9A-Z]{16}\b|\bxox[abprs]-[A-Za-z0-9-]{10,}|\bAIza[0-9A-Za-z_-]{35}|\btg_[A-Za-z0-9_-]{20,}/g,
  },
  { type: 'API_KEY', pattern: /\b(?:api[_-]?key|secret|password|passwd|token)\s*[:=]\s*["']?[^\s"',;[\]]{6,}/gi },
  { type: 'EMAIL', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g },
  {
    type: 'CARD',
    pattern: /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g,
    accept: (m) => {
      const d = digitsOf(m);
      return d.length >= 13 && d.length <= 19 && passesLuhn(d);
    },
  },
  {
    type: 'PHONE',
    pattern: /(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w])/g,
    accept: (m) => {
      const n = digitsOf(m).length;
      // A phone number: 9..15 digits written with a + or parentheses, or in 3+ groups.
      return n >= 9 && n <= 15 && (/^\+|\(/.test(m) || m.split(/[\s.-]+/).length >= 3);
    },
  },
];

/** Compiles configured patterns into rules (applied after the built-ins). */
export function toCustomRules(patterns: readonly CustomRedactionPattern[]): RedactionRule[] {
  return patterns.map((p) => ({ type: p.type, pattern: new RegExp(p.pattern, 'g') }));
}

/** Counts of placeholders written, by type. */
export type RedactionCounts = Record<string, number>;

/** Redacts one text; returns the text and what was replaced (counts by type). */
export function redactText(text: string, rules: readonly RedactionRule[] = BUILTIN_RULES): { text: string; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  let out = text;
  for (const rule of rules) {
    out = out.replace(new RegExp(rule.pattern.source, rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`), (match) => {
      if (rule.accept && !rule.accept(match)) return match;
      counts[rule.type] = (counts[rule.type] ?? 0) + 1;
      return `[${rule.type}]`;
    });
  }
  return { text: out, counts };
}

/** Types of sensitive values still present in `text` (empty when clean): the guard before anything is written. */
export function findUnredacted(text: string, rules: readonly RedactionRule[] = BUILTIN_RULES): string[] {
  return Object.keys(redactText(text, rules).counts);
}
