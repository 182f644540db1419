/** Parses a policy file (YAML or JSON text) with line-located field errors. */
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { InputIssue } from '../cases/InputIssue.js';
import { toFieldPath } from '../cases/InputIssue.js';
import { GatePolicySchema, type GatePolicy } from './GatePolicySchema.js';

/** The validated policy (defaults applied) or every located problem. */
export type ParseGatePolicyResult = { ok: true; policy: GatePolicy } | { ok: false; issues: InputIssue[] };

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
  const parsed = GatePolicySchema.safeParse(value);
  if (parsed.success) return { ok: true, policy: parsed.data };
  const issues = parsed.error.issues.flatMap((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    return keys.map((path) => {
      const node = nearestNode(doc, path);
      const line = node?.range ? lineCounter.linePos(node.range[0]).line : null;
      const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
      return { file, line, caseId: null, field: toFieldPath(path), message };
    });
  });
  return { ok: false, issues };
}

function nearestNode(doc: ReturnType<typeof parseDocument>, path: readonly PropertyKey[]) {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as (string | number)[], true);
    if (isNode(node)) return node;
    if (n > 0) {
      // Unknown keys have no value node reachable by getIn on a Pair key; fall back to the parent.
      continue;
    }
  }
  return null;
}
