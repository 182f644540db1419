/** Parses an outputs JSONL file (one record per case) with file/line/field errors. */
import { fromZodIssues, type InputIssue } from '../cases/InputIssue.js';
import { byLine, readJsonLines } from '../cases/readJsonLines.js';
import { defaultActionClassifier, inferMissingAction, type ActionClassifier } from './inferMissingAction.js';
import { MISSING_ACTION_MESSAGE, OutputRecordSchema, type OutputRecord } from './OutputRecordSchema.js';

/** Records by case id, or every located problem. */
export type ParseOutputsResult = { ok: true; records: Map<string, OutputRecord> } | { ok: false; issues: InputIssue[] };

/** Parses JSONL text; blank lines skipped; a case id twice is an error; a missing action is inferred with `classifier` or rejected. */
export function parseOutputs(text: string, file: string, classifier: ActionClassifier | null = defaultActionClassifier): ParseOutputsResult {
  const issues: InputIssue[] = [];
  const records = new Map<string, OutputRecord>();
  const lineOf = new Map<string, number>();
  for (const { line, value } of readJsonLines(text, file, issues)) {
    const caseId = value && typeof value === 'object' && 'case_id' in value && typeof value.case_id === 'string' ? value.case_id : null;
    const parsed = OutputRecordSchema.safeParse(value);
    if (!parsed.success) {
      issues.push(...fromZodIssues(parsed.error.issues, { file, line, caseId }));
      continue;
    }
    const record = inferMissingAction(parsed.data, classifier);
    if (!record) {
      issues.push({ file, line, caseId, field: 'action', message: MISSING_ACTION_MESSAGE });
      continue;
    }
    const first = lineOf.get(record.case_id);
    if (first !== undefined) {
      issues.push({ file, line, caseId, field: 'case_id', message: `duplicate record for this case (first on line ${first})` });
      continue;
    }
    lineOf.set(record.case_id, line);
    records.set(record.case_id, record);
  }
  return issues.length > 0 ? { ok: false, issues: byLine(issues) } : { ok: true, records };
}
