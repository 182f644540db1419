/** JSONL reading shared by datasets and output files: one JSON value per non-blank line. */
import type { InputIssue } from './InputIssue.js';

/** Parsed non-blank lines with 1-based line numbers; a line that is not JSON becomes an issue. */
export function readJsonLines(text: string, file: string, issues: InputIssue[]): Array<{ line: number; value: unknown }> {
  const out: Array<{ line: number; value: unknown }> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (err) {
      issues.push({ file, line: i + 1, caseId: null, field: '(line)', message: `invalid JSON: ${(err as Error).message}` });
    }
  }
  return out;
}

/** Issues in file order (stable within a line). */
export function byLine(issues: InputIssue[]): InputIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
