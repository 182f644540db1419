/** Redaction of every text field of a case at promotion, with a per-case report. Pure. */
import { BUILTIN_RULES, redactText, type RedactionRule } from './redactText.js';

/** What redaction replaced in one case: totals by placeholder type and the field paths touched. */
export interface RedactionReport {
  total: number;
  counts: Record<string, number>;
  fields: Array<{ path: string; counts: Record<string, number> }>;
}

/** Identifiers that are not free text (never redacted: a trace id is hex, not a secret). */
const STRUCTURAL_PATHS = new Set(['id', 'tier', 'expectedAction', 'bucket', 'riskTier', 'evidenceRegime', 'gateGroup', 'provenance.source', 'provenance.traceId', 'provenance.createdAt']);
const STRUCTURAL_PREFIXES = ['provenance.metadata.linkedTraceIds', 'provenance.metadata.reviewItemId', 'provenance.metadata.approvedAt'];

function isStructural(path: string): boolean {
  return STRUCTURAL_PATHS.has(path) || STRUCTURAL_PREFIXES.some((p) => path === p || path.startsWith(`${p}[`));
}

/** Deep copy of `value` with every string redacted (keys kept), and the report. */
export function redactCase<T>(value: T, rules: readonly RedactionRule[] = BUILTIN_RULES): { value: T; report: RedactionReport } {
  const report: RedactionReport = { total: 0, counts: {}, fields: [] };
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') {
      if (isStructural(path)) return v;
      const r = redactText(v, rules);
      const n = Object.values(r.counts).reduce((a, b) => a + b, 0);
      if (n > 0) {
        report.total += n;
        for (const [type, count] of Object.entries(r.counts)) report.counts[type] = (report.counts[type] ?? 0) + count;
        report.fields.push({ path, counts: r.counts });
      }
      return r.text;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, path ? `${path}.${k}` : k)]));
    }
    return v;
  };
  return { value: walk(value, '') as T, report };
}
