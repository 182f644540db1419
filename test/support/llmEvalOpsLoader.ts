/**
 * Runs the llm-eval-ops reference gate's OWN case loader (`evals.contracts.parse_eval_cases`, pydantic)
 * on an export file. Its source is not copied into this repository (it carries no license): the
 * loader's modules are read from a checkout or bare git directory of mariyamayoob/llm-eval-ops named
 * by LLM_EVAL_OPS_DIR (default: the mirror at /work/.mirror/mariyamayoob+llm-eval-ops/repo) into a
 * temp directory this helper creates. Needs python3 with pydantic 2.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LOADER_FILES = [
  'api/src/evals/__init__.py',
  'api/src/evals/contracts.py',
  'api/src/model/__init__.py',
  'api/src/model/contracts.py',
  'api/src/prompts/__init__.py',
  'api/src/prompts/registry.py',
];

const SCRIPT = `
import json, sys
sys.path.insert(0, sys.argv[1])
from evals.contracts import parse_eval_cases
with open(sys.argv[2]) as f:
    cases = parse_eval_cases(json.load(f))
print(json.dumps([{"case_id": c.case_id, "question": c.question, "expected_behavior": c.expected_behavior.value,
  "risk_tier": c.risk_tier.value, "tags": [t.value for t in c.tags], "scenario": c.scenario.value,
  "bucket_id": c.bucket_id, "label_notes": c.label_notes} for c in cases]))
`;

/** One case as the reference loader parsed it. */
export interface LoadedEvalCase {
  case_id: string;
  question: string;
  expected_behavior: string;
  risk_tier: string;
  tags: string[];
  scenario: string;
  bucket_id: string;
  label_notes: string | null;
}

/** Copies the loader modules into a new temp dir; returns the python path root. */
function materializeLoader(): string {
  const source = process.env.LLM_EVAL_OPS_DIR ?? '/work/.mirror/mariyamayoob+llm-eval-ops/repo';
  if (!existsSync(source)) throw new Error(`llm-eval-ops source not found at ${source}: set LLM_EVAL_OPS_DIR to a checkout or git directory of mariyamayoob/llm-eval-ops`);
  const root = mkdtempSync(path.join(tmpdir(), 'llm-eval-ops-loader-'));
  for (const file of LOADER_FILES) {
    const text = existsSync(path.join(source, file))
      ? execFileSync('cat', [path.join(source, file)], { encoding: 'utf8' })
      : execFileSync('git', [`--git-dir=${source}`, 'show', `HEAD:${file}`], { encoding: 'utf8' });
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
  writeFileSync(path.join(root, 'load.py'), SCRIPT);
  return root;
}

/** Loads `file` with the reference loader; throws with python's error when it rejects the file. */
export function loadWithLlmEvalOps(file: string): LoadedEvalCase[] {
  const root = materializeLoader();
  const out = execFileSync('python3', [path.join(root, 'load.py'), path.join(root, 'api/src'), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out) as LoadedEvalCase[];
}
