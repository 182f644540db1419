/**
 * `format@1`: on routes configured with a JSON Schema (scoring config `formats`), the final output must
 * be JSON (a ```json fence is accepted) valid against the schema (ajv) -> else `format_invalid`. Other
 * routes, or no output captured: not assessed.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { routeOf, ruleMatches } from './scoreBudgets.js';
import type { FormatRule, ScorerConfig } from './scoringConfig.js';
import type { ScoreResult, ScorerInput } from './types.js';

export const FORMAT_SCORER = { name: 'format', version: 1 } as const;

const ajv = new Ajv({ allErrors: false, strict: false });
/** Compiled once per configured rule (the config is frozen for the process). */
const compiled = new WeakMap<FormatRule, ValidateFunction>();

function validatorOf(rule: FormatRule): ValidateFunction {
  let v = compiled.get(rule);
  if (!v) compiled.set(rule, (v = ajv.compile(rule.schema)));
  return v;
}

/** Throws with ajv's message when a configured schema does not compile (checked at start-up). */
export function checkFormatSchemas(rules: readonly FormatRule[]): void {
  for (const r of rules) validatorOf(r);
}

export function scoreFormat(input: ScorerInput, config: ScorerConfig): { score: ScoreResult; flags: string[] } {
  const route = config.formats.length > 0 ? routeOf(input) : null;
  const rule = config.formats.find((f) => ruleMatches(f, input.trace.serviceName, route));
  if (!rule) return { score: { ...FORMAT_SCORER, value: null, label: 'not_assessed', reason: 'no format configured for this route' }, flags: [] };
  const out = input.trace.outputText;
  if (out === null) return { score: { ...FORMAT_SCORER, value: null, label: 'not_assessed', reason: 'no output text captured' }, flags: [] };
  const text = out.trim().replace(/^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i, '$1');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { score: { ...FORMAT_SCORER, value: 0, label: 'format_invalid', reason: `route ${rule.route}: output is not JSON` }, flags: ['format_invalid'] };
  }
  const validate = validatorOf(rule);
  if (validate(value)) return { score: { ...FORMAT_SCORER, value: 1, label: 'valid', reason: `route ${rule.route}: valid` }, flags: [] };
  const e = validate.errors?.[0];
  return {
    score: { ...FORMAT_SCORER, value: 0, label: 'format_invalid', reason: `route ${rule.route}: ${e ? `${e.instancePath || '/'} ${e.message}` : 'invalid'}` },
    flags: ['format_invalid'],
  };
}
