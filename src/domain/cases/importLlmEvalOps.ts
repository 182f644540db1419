/** Import of llm-eval-ops reference-gate datasets (`{"cases": [...]}` or a bare array, snake_case fields). */
import { CaseSchema, type Case, type CaseAction, type CaseDraft } from './CaseSchema.js';
import { fromZodIssues, type InputIssue } from './InputIssue.js';
import { LlmEvalOpsCaseSchema, LlmEvalOpsFileSchema, MAPPED_KEYS, type LlmEvalOpsCase } from './LlmEvalOpsCaseSchema.js';
import { deriveDefaults, normalizeBucketId } from './llmEvalOpsEnums.js';

/** Outcome of an import: every case or every problem (nothing is half-imported). */
export type ImportResult = { ok: true; cases: Case[] } | { ok: false; issues: InputIssue[] };

const BEHAVIOR_TO_ACTION: Record<string, CaseAction> = {
  answer: 'answer', abstain: 'abstain', clarify: 'clarify', refuse: 'refuse', human_review: 'escalate',
};

/** Maps the JSON text of an llm-eval-ops dataset to native cases; `file` names the source in errors and provenance. */
export function importLlmEvalOps(text: string, file: string): ImportResult {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (err) {
    return { ok: false, issues: [{ file, line: null, caseId: null, field: '(file)', message: `invalid JSON: ${(err as Error).message}` }] };
  }
  const shape = LlmEvalOpsFileSchema.safeParse(root);
  if (!shape.success) return { ok: false, issues: [{ file, line: null, caseId: null, field: '(root)', message: shape.error.issues[0]!.message }] };
  const items = Array.isArray(shape.data) ? shape.data : shape.data.cases;
  const issues: InputIssue[] = [];
  const cases: Case[] = [];
  const seen = new Set<string>();
  items.forEach((item, index) => {
    const mapped = mapOne(item, index, text, file);
    if (!mapped.ok) return void issues.push(...mapped.issues);
    if (seen.has(mapped.value.id)) {
      issues.push({ file, line: mapped.line, caseId: mapped.value.id, field: 'case_id', message: 'duplicate case id' });
      return;
    }
    seen.add(mapped.value.id);
    cases.push(mapped.value);
  });
  if (issues.length === 0 && cases.length === 0) issues.push({ file, line: null, caseId: null, field: 'cases', message: 'no cases' });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, cases };
}

type MapOne = { ok: true; value: Case; line: number | null } | { ok: false; issues: InputIssue[] };

function mapOne(item: unknown, index: number, text: string, file: string): MapOne {
  const rawId = isRecord(item) ? (item.case_id ?? item.id) : undefined;
  const caseId = typeof rawId === 'string' && rawId.length > 0 ? rawId : null;
  const line = caseId ? lineOfId(text, caseId) : null;
  const at = { file, line, caseId: caseId ?? `#${index}` };
  if (!isRecord(item)) return { ok: false, issues: [{ ...at, field: `cases[${index}]`, message: 'case must be an object' }] };
  const parsed = LlmEvalOpsCaseSchema.safeParse(item);
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues, at) };
  const native = CaseSchema.safeParse(toDraft(parsed.data, caseId!, file));
  if (!native.success) return { ok: false, issues: fromZodIssues(native.error.issues, at) };
  return { ok: true, value: native.data, line };
}

/** The native case for a validated reference case (defaults derived like the reference loader). */
function toDraft(c: LlmEvalOpsCase, id: string, file: string): CaseDraft {
  const tags = c.tags ?? [];
  const defaults = deriveDefaults({ scenario: c.scenario, difficulty: c.difficulty, expected_should_refuse: c.expected_should_refuse, tags });
  const metadata = Object.fromEntries(Object.entries(c).filter(([k]) => !MAPPED_KEYS.has(k)));
  const notes = c.notes ?? c.label_notes;
  const opt = <K extends string, V>(key: K, value: V | null | undefined) => (value === undefined || value === null ? {} : ({ [key]: value } as Record<K, V>));
  return {
    id,
    tier: c.tier ?? 'trusted',
    input: { question: (c.question || c.input)!, ...opt('system', c.system_prompt), ...opt('documentIds', c.retrieved_doc_ids) },
    expectedAction: c.expected_behavior ? BEHAVIOR_TO_ACTION[c.expected_behavior]! : defaults.action,
    bucket: normalizeBucketId(c.bucket_id ?? defaults.bucket),
    riskTier: c.risk_tier ?? defaults.riskTier,
    evidenceRegime: c.evidence_regime ? (c.evidence_regime.replace('_', '-') as Case['evidenceRegime']) : 'retrieved',
    tags: [...tags],
    gateGroup: c.gate_group ?? defaults.gateGroup,
    owner: c.owner ?? 'unowned',
    ...opt('referenceAnswer', c.reference_response_text),
    requiredFacts: c.acceptable_answer_facts ?? [],
    forbiddenClaims: c.forbidden_claims ?? [],
    requiredCitations: c.required_citation_ids ?? [],
    ...opt('allowedCitations', c.allowed_citation_ids),
    requiredTools: c.required_tools ?? [],
    ...opt('latencyBudgetMs', c.latency_budget_ms),
    ...opt('costBudgetUsd', c.cost_budget_usd),
    provenance: {
      source: 'llm-eval-ops',
      importedFrom: file,
      originalId: id,
      ...opt('notes', notes),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 1-based line of `"case_id": "<id>"` (or `"id"`) in the source text, null when not found. */
function lineOfId(text: string, id: string): number | null {
  const needle = new RegExp(`"(?:case_id|id)"\\s*:\\s*${escapeRegExp(JSON.stringify(id))}`);
  const match = needle.exec(text);
  if (!match) return null;
  let line = 1;
  for (let i = 0; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
