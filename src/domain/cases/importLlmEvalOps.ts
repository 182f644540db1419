/** Import of llm-eval-ops reference-gate datasets (`{"cases": [...]}` or a bare array, snake_case fields). */
import { CaseSchema, type Case, type CaseAction, type RiskTier } from './CaseSchema.js';
import { fromZodIssues, type InputIssue } from './InputIssue.js';
import { LLM_EVAL_OPS_ENUMS as E, deriveDefaults, normalizeBucketId } from './llmEvalOpsEnums.js';

/** Outcome of an import: every case or every problem (nothing is half-imported). */
export type ImportResult = { ok: true; cases: Case[] } | { ok: false; issues: InputIssue[] };

/** Fields this importer maps; every other key is kept in `provenance.metadata`. */
const MAPPED = new Set([
  'case_id', 'id', 'question', 'input', 'expected_behavior', 'bucket_id', 'risk_tier', 'evidence_regime',
  'gate_group', 'required_citation_ids', 'acceptable_answer_facts', 'forbidden_claims', 'retrieved_doc_ids',
  'allowed_citation_ids', 'required_tools', 'tags', 'owner', 'notes', 'label_notes', 'reference_response_text',
  'system_prompt', 'latency_budget_ms', 'cost_budget_usd', 'tier',
]);

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
  const items = Array.isArray(root) ? root : isRecord(root) && Array.isArray(root.cases) ? root.cases : null;
  if (!items) {
    return { ok: false, issues: [{ file, line: null, caseId: null, field: '(root)', message: 'expected {"cases": [...]} or a JSON array of cases' }] };
  }
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
  if (!isRecord(item)) {
    return { ok: false, issues: [{ file, line: null, caseId: `#${index}`, field: `cases[${index}]`, message: 'case must be an object' }] };
  }
  const rawId = item.case_id ?? item.id;
  const caseId = typeof rawId === 'string' && rawId.length > 0 ? rawId : null;
  const line = caseId ? lineOfId(text, caseId) : null;
  const issues: InputIssue[] = [];
  const fail = (field: string, message: string) => issues.push({ file, line, caseId: caseId ?? `#${index}`, field, message });
  if (!caseId) fail('case_id', 'required non-empty string (case_id or id)');

  const str = (key: string): string | undefined => {
    const v = item[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') return void fail(key, `expected a string, got ${typeof v}`);
    return v;
  };
  const strList = (key: string): string[] | undefined => {
    const v = item[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return void fail(key, 'expected an array of strings');
    return v as string[];
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const v = item[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      return void fail(key, `unknown value ${JSON.stringify(v)}; expected one of ${allowed.join(', ')}`);
    }
    return v as T;
  };
  const num = (key: string): number | undefined => {
    const v = item[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) return void fail(key, 'expected a number');
    return v;
  };

  const question = str('question') ?? str('input');
  if (question === undefined || question.length === 0) fail('question', 'required non-empty string (question or input)');
  const behavior = oneOf('expected_behavior', E.expectedBehavior);
  const riskTier = oneOf('risk_tier', E.riskTier);
  const regimeRaw = oneOf('evidence_regime', E.evidenceRegime);
  const tier = oneOf('tier', ['trusted', 'monitoring'] as const);
  // Closed enums of the reference format that this gate does not use: validated, then kept in metadata.
  oneOf('scenario', E.scenario);
  oneOf('difficulty', E.difficulty);
  oneOf('business_criticality', E.businessCriticality);
  oneOf('case_kind', E.caseKind);
  const backends = strList('supported_backends');
  for (const b of backends ?? []) if (!E.modelBackend.includes(b as never)) fail('supported_backends', `unknown value ${JSON.stringify(b)}; expected one of ${E.modelBackend.join(', ')}`);
  const tags = strList('tags') ?? [];
  const lists = {
    requiredCitations: strList('required_citation_ids'),
    requiredFacts: strList('acceptable_answer_facts'),
    forbiddenClaims: strList('forbidden_claims'),
    documentIds: strList('retrieved_doc_ids'),
    allowedCitations: strList('allowed_citation_ids'),
    requiredTools: strList('required_tools'),
  };
  const scalars = {
    bucket: str('bucket_id'), gateGroup: str('gate_group'), owner: str('owner'), notes: str('notes') ?? str('label_notes'),
    referenceAnswer: str('reference_response_text'), system: str('system_prompt'),
    latencyBudgetMs: num('latency_budget_ms'), costBudgetUsd: num('cost_budget_usd'),
  };
  if (issues.length > 0) return { ok: false, issues };

  const defaults = deriveDefaults(item, tags);
  const metadata = Object.fromEntries(Object.entries(item).filter(([k]) => !MAPPED.has(k)));
  const draft = {
    id: caseId!,
    tier: tier ?? 'trusted',
    input: {
      question: question!,
      ...(scalars.system !== undefined ? { system: scalars.system } : {}),
      ...(lists.documentIds ? { documentIds: lists.documentIds } : {}),
    },
    expectedAction: behavior ? BEHAVIOR_TO_ACTION[behavior]! : defaults.action,
    bucket: normalizeBucketId(scalars.bucket ?? defaults.bucket),
    riskTier: (riskTier ?? defaults.riskTier) as RiskTier,
    evidenceRegime: regimeRaw ? (regimeRaw.replace('_', '-') as Case['evidenceRegime']) : 'retrieved',
    tags,
    gateGroup: scalars.gateGroup ?? defaults.gateGroup,
    owner: scalars.owner ?? 'unowned',
    ...(scalars.referenceAnswer !== undefined ? { referenceAnswer: scalars.referenceAnswer } : {}),
    requiredFacts: lists.requiredFacts ?? [],
    forbiddenClaims: lists.forbiddenClaims ?? [],
    requiredCitations: lists.requiredCitations ?? [],
    ...(lists.allowedCitations ? { allowedCitations: lists.allowedCitations } : {}),
    requiredTools: lists.requiredTools ?? [],
    ...(scalars.latencyBudgetMs !== undefined ? { latencyBudgetMs: scalars.latencyBudgetMs } : {}),
    ...(scalars.costBudgetUsd !== undefined ? { costBudgetUsd: scalars.costBudgetUsd } : {}),
    provenance: {
      source: 'llm-eval-ops',
      importedFrom: file,
      originalId: caseId!,
      ...(scalars.notes !== undefined ? { notes: scalars.notes } : {}),
      ...(Object.keys(metadata).length > 0 ? { metadata } : {}),
    },
  };
  const parsed = CaseSchema.safeParse(draft);
  if (!parsed.success) return { ok: false, issues: fromZodIssues(parsed.error.issues, { file, line, caseId }) };
  return { ok: true, value: parsed.data, line };
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
