/** A located validation problem in an input file (dataset, outputs, policy, import source). */
import type { z } from 'zod';

/** One problem: file, 1-based line (null when not line-oriented), case id when known, dotted field path. */
export interface InputIssue {
  file: string;
  line: number | null;
  caseId: string | null;
  field: string;
  message: string;
}

/** Dotted path of a zod issue (`input.documents[0].id`), `(root)` for the value itself. */
export function toFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Converts zod issues to located issues; unrecognized keys become one issue per key. */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  at: { file: string; line: number | null; caseId: string | null; prefix?: string },
): InputIssue[] {
  const prefix = at.prefix ? [at.prefix] : [];
  const out: InputIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ ...base(at), field: toFieldPath([...prefix, ...issue.path, key]), message: 'unknown field' });
      }
      continue;
    }
    out.push({ ...base(at), field: toFieldPath([...prefix, ...issue.path]), message: issue.message });
  }
  return out;
}

function base(at: { file: string; line: number | null; caseId: string | null }) {
  return { file: at.file, line: at.line, caseId: at.caseId };
}

/** `file:line: case X: field: message`, the one-line form printed on exit 2. */
export function formatIssue(issue: InputIssue): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  const who = issue.caseId ? ` case ${issue.caseId}:` : '';
  return `${where}:${who} ${issue.field}: ${issue.message}`;
}
