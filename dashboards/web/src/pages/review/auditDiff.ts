/**
 * Turns an audit entry's `changes` object into readable lines, field by field: `{before, after}` pairs
 * read "status: open → approved", nested objects are flattened to dotted paths ("labels.action: abstain"),
 * lists are joined. Pure and text-only: the lines are rendered as text, never as HTML.
 */

/** One changed field: `before` is null when the entry only records the new value. */
export interface AuditLine {
  field: string;
  before: string | null;
  after: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isBeforeAfter = (v: Record<string, unknown>): boolean => {
  const keys = Object.keys(v);
  return keys.length === 2 && keys.includes('before') && keys.includes('after');
};

/** A leaf value as display text. */
export function auditValueText(v: unknown): string {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? '(none)' : v.map((x) => (isPlainObject(x) || Array.isArray(x) ? JSON.stringify(x) : auditValueText(x))).join(', ');
  if (isPlainObject(v) && Object.keys(v).length === 0) return '(none)';
  return JSON.stringify(v);
}

/** The readable lines of `changes` (any JSON value; a non-object becomes one line named "change"). */
export function toAuditLines(changes: unknown, prefix = ''): AuditLine[] {
  if (!isPlainObject(changes)) return changes === undefined ? [] : [{ field: prefix || 'change', before: null, after: auditValueText(changes) }];
  const out: AuditLine[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const field = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && isBeforeAfter(value)) out.push({ field, before: auditValueText(value.before), after: auditValueText(value.after) });
    else if (isPlainObject(value) && Object.keys(value).length > 0) out.push(...toAuditLines(value, field));
    else out.push({ field, before: null, after: auditValueText(value) });
  }
  return out;
}
