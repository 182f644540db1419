/** Redaction rules from the `TRACEGATE_REDACTION_PATTERNS` setting (JSON `[{"type": "EMPLOYEE_ID", "pattern": "EMP-\\d{6}"}]`). */
import { BUILTIN_RULES, CustomRedactionPatternsSchema, toCustomRules, type RedactionRule } from '../../domain/promotion/redactText.js';

/** Built-in rules plus the configured ones; throws with what was expected when the setting is malformed. */
export function redactionRulesFrom(setting: string | undefined): RedactionRule[] {
  if (setting === undefined || setting.trim() === '') return [...BUILTIN_RULES];
  let raw: unknown;
  try {
    raw = JSON.parse(setting);
  } catch (err) {
    throw new Error(`TRACEGATE_REDACTION_PATTERNS: expected JSON like [{"type":"EMPLOYEE_ID","pattern":"EMP-\\\\d{6}"}]: ${(err as Error).message}`);
  }
  const parsed = CustomRedactionPatternsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`TRACEGATE_REDACTION_PATTERNS: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return [...BUILTIN_RULES, ...toCustomRules(parsed.data)];
}
