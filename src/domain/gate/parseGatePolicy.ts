/** Parses a policy file (YAML or JSON text; tracegate's format or llm-eval-ops' offline_gate_policy.json) with line-located field errors. */
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { InputIssue } from '../cases/InputIssue.js';
import { toFieldPath } from '../cases/InputIssue.js';
import { GatePolicySchema, type GatePolicy } from './GatePolicySchema.js';
import { isLlmEvalOpsPolicy, LlmEvalOpsPolicySchema } from './LlmEvalOpsPolicySchema.js';
import { mapLlmEvalOpsPolicy } from './mapLlmEvalOpsPolicy.js';

/** Which format the file was read as. */
export type PolicyFormat = 'tracegate' | 'llm-eval-ops';

/** The validated policy (defaults applied) with warnings about fields without an equivalent, or every located problem. */
export type ParseGatePolicyResult =
  | { ok: true; policy: GatePolicy; format: PolicyFormat; warnings: string[] }
  | { ok: false; issues: InputIssue[] };

type Doc = ReturnType<typeof parseDocument>;

/** Parses `text` (YAML is a superset of JSON); an empty file means all defaults. */
export function parseGatePolicy(text: string, file: string): ParseGatePolicyResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? null, caseId: null, field: '(yaml)', message: e.message.split('\n')[0]! })),
    };
  }
  const value = doc.toJS() ?? {};
  const locate = (issues: readonly z.core.$ZodIssue[]) => locateIssues(issues, doc, lineCounter, file);
  if (isLlmEvalOpsPolicy(value)) {
    const reference = LlmEvalOpsPolicySchema.safeParse(value);
    if (!reference.success) return { ok: false, issues: locate(reference.error.issues) };
    const mapped = mapLlmEvalOpsPolicy(reference.data);
    const parsed = GatePolicySchema.safeParse(mapped.policy);
    if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((i) => ({ file, line: null, caseId: null, field: toFieldPath(i.path), message: `after mapping the llm-eval-ops policy: ${i.message}` })) };
    return { ok: true, policy: parsed.data, format: 'llm-eval-ops', warnings: mapped.warnings };
  }
  const parsed = GatePolicySchema.safeParse(value);
  if (parsed.success) return { ok: true, policy: parsed.data, format: 'tracegate', warnings: [] };
  return { ok: false, issues: locate(parsed.error.issues) };
}

function locateIssues(issues: readonly z.core.$ZodIssue[], doc: Doc, lineCounter: LineCounter, file: string): InputIssue[] {
  return issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    return keys.map((path) => {
      const node = nearestNode(doc, path);
      const line = node?.range ? lineCounter.linePos(node.range[0]).line : null;
      const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
      return { file, line, caseId: null, field: toFieldPath(path), message };
    });
  });
}

/** The node at `path`, or its nearest ancestor (unknown keys have no value node reachable by getIn). */
function nearestNode(doc: Doc, path: readonly PropertyKey[]) {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node)) return node;
  }
  return null;
}
