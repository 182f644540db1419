/** Bad-input check: an outputs file that misses most of the dataset's cases is the wrong file, not a regression. */
import type { Case } from '../cases/CaseSchema.js';
import type { InputIssue } from '../cases/InputIssue.js';
import type { OutputRecord } from './OutputRecordSchema.js';

const LISTED_IDS = 20;

/** An issue naming the missing case ids when more than half of `cases` have no record in `records`; null otherwise. */
export function checkOutputCoverage(cases: readonly Case[], records: ReadonlyMap<string, OutputRecord>, side: 'baseline' | 'candidate', file: string): InputIssue | null {
  const missing = cases.filter((c) => !records.has(c.id)).map((c) => c.id);
  if (missing.length * 2 <= cases.length) return null;
  const shown = missing.slice(0, LISTED_IDS).join(', ') + (missing.length > LISTED_IDS ? `, ... (${missing.length - LISTED_IDS} more)` : '');
  const matched = cases.length - missing.length;
  return {
    file,
    line: null,
    caseId: null,
    field: 'case_id',
    message: `${side} outputs have no record for ${missing.length} of the dataset's ${cases.length} cases (${matched} matched; wrong file or dataset?); missing: ${shown}`,
  };
}
