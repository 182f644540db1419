/** Parses a dataset (JSONL of cases) into validated cases, or every located problem. */
import { CaseSchema, type Case } from './CaseSchema.js';
import { computeDatasetVersion } from './computeDatasetVersion.js';
import { fromZodIssues, type InputIssue } from './InputIssue.js';
import { byLine, readJsonLines } from './readJsonLines.js';

/** A parsed dataset: cases in file order and the content-hash version. */
export interface Dataset {
  version: string;
  cases: Case[];
}

/** Outcome of parsing: all cases or all issues (nothing partial). */
export type ParseDatasetResult = { ok: true; dataset: Dataset } | { ok: false; issues: InputIssue[] };

/** Parses JSONL text; blank lines are skipped; duplicate ids and an empty dataset are errors. */
export function parseDataset(text: string, file: string): ParseDatasetResult {
  const issues: InputIssue[] = [];
  const cases: Case[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const { line, value } of readJsonLines(text, file, issues)) {
    const caseId = idOf(value);
    const parsed = CaseSchema.safeParse(value);
    if (!parsed.success) {
      issues.push(...fromZodIssues(parsed.error.issues, { file, line, caseId }));
      continue;
    }
    const seen = firstLineOfId.get(parsed.data.id);
    if (seen !== undefined) {
      issues.push({ file, line, caseId, field: 'id', message: `duplicate case id (first on line ${seen})` });
      continue;
    }
    firstLineOfId.set(parsed.data.id, line);
    cases.push(parsed.data);
  }
  if (issues.length === 0 && cases.length === 0) {
    issues.push({ file, line: null, caseId: null, field: '(file)', message: 'dataset has no cases' });
  }
  if (issues.length > 0) return { ok: false, issues: byLine(issues) };
  return { ok: true, dataset: { version: computeDatasetVersion(text), cases } };
}

function idOf(value: unknown): string | null {
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') return value.id;
  return null;
}
