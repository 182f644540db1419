/** Serializer of a case to one dataset JSONL line (what promotion and import write). */
import { CaseSchema, type Case, type CaseDraft } from './CaseSchema.js';

/** Validates the case (applying defaults) and returns its JSON line without trailing newline; throws on an invalid case (a programming error for writers). */
export function toDatasetLine(value: Case | CaseDraft): string {
  return JSON.stringify(CaseSchema.parse(value));
}
