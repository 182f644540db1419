/** JSONL reading shared by datasets and output files: one JSON value per non-blank line. */
import type { InputIssue } from './InputIssue.js';

const BLANK = /^\s*$/;

/** Parsed non-blank lines with 1-based line numbers; a line that is not JSON becomes an issue. */
export function readJsonLines(text: string, file: string, issues: InputIssue[]): Array<{ line: number; value: unknown }> {
  const out: Array<{ line: number; value: unknown }> = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // JSON.parse skips surrounding whitespace itself (including a `\r` before the newline).
    const raw = text.slice(start, end);
    start = end + 1;
    if (raw.length === 0 || BLANK.test(raw)) continue;
    try {
      out.push({ line, value: JSON.parse(raw) });
    } catch (err) {
      issues.push({ file, line, caseId: null, field: '(line)', message: `invalid JSON: ${(err as Error).message}` });
    }
  }
  return out;
}

/** Issues in file order (stable within a line). */
export function byLine(issues: InputIssue[]): InputIssue[] {
  return [...issues].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
