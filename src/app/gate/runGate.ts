/** The gate use-case: reads dataset, policy and outputs (or replays), decides, writes the reports. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Case } from '../../domain/cases/CaseSchema.js';
import type { InputIssue } from '../../domain/cases/InputIssue.js';
import { parseDataset } from '../../domain/cases/parseDataset.js';
import { checkOutputCoverage } from '../../domain/gate/checkOutputCoverage.js';
import { decideGate } from '../../domain/gate/decideGate.js';
import type { GateReport, RiskAcceptance } from '../../domain/gate/GateReport.js';
import { DEFAULT_POLICY, type GatePolicy } from '../../domain/gate/GatePolicySchema.js';
import type { OutputRecord } from '../../domain/gate/OutputRecordSchema.js';
import { parseGatePolicy } from '../../domain/gate/parseGatePolicy.js';
import { parseOutputs } from '../../domain/gate/parseOutputs.js';
import { renderGateJson, renderGateMarkdown } from '../../domain/gate/renderGateText.js';
import { replayCases, toOutputsJsonl } from './replayCases.js';

/** One side: an outputs file, or a URL to replay against. */
export type SideSource = { kind: 'file'; path: string } | { kind: 'replay'; url: string };

/** Options of one gate run (paths relative to `cwd`). */
export interface RunGateOptions {
  cwd: string;
  datasetPath: string;
  baseline: SideSource;
  candidate: SideSource;
  policyPath: string | null;
  only: string | null;
  acceptances: RiskAcceptance[];
  /** Markdown report path; null writes none. */
  reportPath: string | null;
  /** JSON report path; null writes none. */
  jsonReportPath: string | null;
  /** Where replayed outputs are written (`baseline.jsonl`, `candidate.jsonl`). */
  replayOutDir: string;
  replay: { concurrency: number; timeoutMs: number; retries: number };
}

/** Ports of the use-case: the clock and a progress sink (stderr in the CLI). */
export interface RunGateDeps {
  now: () => Date;
  progress: (line: string) => void;
}

/** Decided (exit 0/1) or bad input (exit 2) with located issues. */
export type RunGateResult = { kind: 'decided'; report: GateReport; written: string[] } | { kind: 'bad_input'; issues: InputIssue[] };

class BadInput extends Error {
  constructor(readonly issues: InputIssue[]) {
    super(issues[0]?.message ?? 'bad input');
  }
}

async function readText(cwd: string, file: string, what: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new BadInput([{ file, line: null, caseId: null, field: '(file)', message: `cannot read ${what}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` }]);
  }
}

/** Runs the gate end to end. */
export async function runGate(opts: RunGateOptions, deps: RunGateDeps): Promise<RunGateResult> {
  try {
    const datasetText = await readText(opts.cwd, opts.datasetPath, 'dataset');
    const dataset = parseDataset(datasetText, opts.datasetPath);
    if (!dataset.ok) throw new BadInput(dataset.issues);
    let policy: GatePolicy = DEFAULT_POLICY;
    let policySource = 'built-in defaults';
    const inputWarnings: string[] = [];
    if (opts.policyPath) {
      const parsed = parseGatePolicy(await readText(opts.cwd, opts.policyPath, 'policy'), opts.policyPath);
      if (!parsed.ok) throw new BadInput(parsed.issues);
      policy = parsed.policy;
      policySource = parsed.format === 'llm-eval-ops' ? `${opts.policyPath} (llm-eval-ops offline_gate_policy format)` : opts.policyPath;
      inputWarnings.push(...parsed.warnings.map((w) => `policy ${opts.policyPath}: ${w}`));
    }
    const cases = dataset.dataset.cases;
    if (opts.only !== null && !cases.some((c) => c.tags.includes(opts.only!))) {
      throw new BadInput([{ file: opts.datasetPath, line: null, caseId: null, field: 'tags', message: `no case carries the tag "${opts.only}" (--only)` }]);
    }
    const selected = opts.only === null ? cases : cases.filter((c) => c.tags.includes(opts.only!));
    const written: string[] = [];
    const baseline = await loadSide('baseline', opts.baseline, selected, opts, deps, written);
    const candidate = await loadSide('candidate', opts.candidate, selected, opts, deps, written);
    const coverage = [checkOutputCoverage(selected, baseline.records, 'baseline', baseline.file), checkOutputCoverage(selected, candidate.records, 'candidate', candidate.file)];
    const uncovered = coverage.filter((i): i is InputIssue => i !== null);
    if (uncovered.length > 0) throw new BadInput(uncovered);
    const report = decideGate({
      cases,
      baseline: baseline.records,
      candidate: candidate.records,
      policy,
      acceptances: opts.acceptances,
      only: opts.only,
      inputWarnings,
      meta: {
        datasetFile: opts.datasetPath,
        datasetVersion: dataset.dataset.version,
        policySource,
        baselineSource: baseline.source,
        candidateSource: candidate.source,
        generatedAt: deps.now().toISOString(),
      },
    });
    if (opts.reportPath) written.push(await write(opts.cwd, opts.reportPath, renderGateMarkdown(report)));
    if (opts.jsonReportPath) written.push(await write(opts.cwd, opts.jsonReportPath, renderGateJson(report)));
    return { kind: 'decided', report, written };
  } catch (err) {
    if (err instanceof BadInput) return { kind: 'bad_input', issues: err.issues };
    throw err;
  }
}

async function loadSide(
  side: 'baseline' | 'candidate',
  source: SideSource,
  cases: readonly Case[],
  opts: RunGateOptions,
  deps: RunGateDeps,
  written: string[],
): Promise<{ records: Map<string, OutputRecord>; source: string; file: string }> {
  if (source.kind === 'file') {
    const parsed = parseOutputs(await readText(opts.cwd, source.path, `${side} outputs`), source.path);
    if (!parsed.ok) throw new BadInput(parsed.issues);
    return { records: parsed.records, source: source.path, file: source.path };
  }
  const step = Math.max(1, Math.floor(cases.length / 10));
  deps.progress(`replay ${side}: ${cases.length} cases against ${source.url}\n`);
  const records = await replayCases(cases, {
    url: source.url,
    ...opts.replay,
    onProgress: (done, total, errors) => {
      if (done % step === 0 || done === total) deps.progress(`replay ${side}: ${done}/${total} cases (${errors} errors)\n`);
    },
  });
  const outPath = path.join(opts.replayOutDir, `${side}.jsonl`);
  written.push(await write(opts.cwd, outPath, toOutputsJsonl(records)));
  return { records: new Map(records.map((r) => [r.case_id, r])), source: `${source.url} -> ${outPath}`, file: outPath };
}

async function write(cwd: string, file: string, text: string): Promise<string> {
  const full = path.resolve(cwd, file);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, text);
  return file;
}
