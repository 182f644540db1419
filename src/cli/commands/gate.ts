/** `tracegate gate`: offline release gate; exit 0 ship, 1 blocked, 2 bad input. */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { formatIssue } from '../../domain/cases/InputIssue.js';
import type { RiskAcceptance } from '../../domain/gate/GateReport.js';
import { parseRiskAcceptance } from '../../domain/gate/parseRiskAcceptance.js';
import { renderGateJson, renderGateSummary } from '../../domain/gate/renderGateText.js';
import { runGate, type SideSource } from '../../app/gate/runGate.js';
import type { CliIo, Command } from '../cliTypes.js';

const USAGE = `usage: tracegate gate --dataset FILE (--baseline OUT1.jsonl | --baseline-url URL) (--candidate OUT2.jsonl | --candidate-url URL)
       [--replay URL]... [--policy FILE] [--only TAG] [--json] [--report FILE.md] [--json-report FILE.json]
       [--accept-risk CASE_ID:BLOCKER --owner NAME --reason TEXT]...
       [--replay-out DIR] [--concurrency N] [--timeout-ms MS] [--retries N]
exit codes: 0 the candidate may ship, 1 blocked, 2 bad input
`;

const OPTIONS = {
  dataset: { type: 'string' },
  baseline: { type: 'string' },
  candidate: { type: 'string' },
  'baseline-url': { type: 'string' },
  'candidate-url': { type: 'string' },
  replay: { type: 'string', multiple: true },
  policy: { type: 'string' },
  only: { type: 'string' },
  json: { type: 'boolean' },
  report: { type: 'string' },
  'json-report': { type: 'string' },
  'accept-risk': { type: 'string', multiple: true },
  owner: { type: 'string', multiple: true },
  reason: { type: 'string', multiple: true },
  'replay-out': { type: 'string' },
  concurrency: { type: 'string' },
  'timeout-ms': { type: 'string' },
  retries: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usageError(io: CliIo, message: string): number {
  io.stderr(`tracegate gate: ${message}\n${USAGE}`);
  return 2;
}

function positiveInt(value: string | undefined, fallback: number, min: number): number | null {
  if (value === undefined) return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : null;
}

/** Resolves each side from --baseline/--candidate files, --baseline-url/--candidate-url, or --replay (first baseline, then candidate). */
function resolveSides(v: Record<string, unknown>): { baseline: SideSource; candidate: SideSource } | string {
  const replays = [...((v.replay as string[] | undefined) ?? [])];
  const side = (name: 'baseline' | 'candidate'): SideSource | string => {
    const file = v[name] as string | undefined;
    const url = v[`${name}-url`] as string | undefined;
    if (file && url) return `give either --${name} or --${name}-url, not both`;
    if (file) return { kind: 'file', path: file };
    if (url) return { kind: 'replay', url };
    const next = replays.shift();
    return next ? { kind: 'replay', url: next } : `--${name} FILE (or --${name}-url URL / --replay URL) is required`;
  };
  const baseline = side('baseline');
  const candidate = side('candidate');
  if (typeof baseline === 'string') return baseline;
  if (typeof candidate === 'string') return candidate;
  if (replays.length > 0) return 'too many --replay URLs: at most one per side';
  for (const s of [baseline, candidate]) {
    if (s.kind === 'replay' && !/^https?:\/\//.test(s.url)) return `replay URL must start with http:// or https://, got "${s.url}"`;
  }
  return { baseline, candidate };
}

export const gateCommand: Command = {
  name: 'gate',
  summary: 'offline release gate: compare baseline and candidate outputs on a pinned dataset',
  async run(argv, io) {
    let v: Record<string, unknown>;
    try {
      v = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
    } catch (err) {
      return usageError(io, (err as Error).message);
    }
    if (v.help) {
      io.stdout(USAGE);
      return 0;
    }
    const dataset = v.dataset as string | undefined;
    if (!dataset) return usageError(io, '--dataset FILE is required');
    const sides = resolveSides(v);
    if (typeof sides === 'string') return usageError(io, sides);
    const concurrency = positiveInt(v.concurrency as string | undefined, 4, 1);
    const timeoutMs = positiveInt(v['timeout-ms'] as string | undefined, 30_000, 1);
    const retries = positiveInt(v.retries as string | undefined, 2, 0);
    if (concurrency === null || timeoutMs === null || retries === null) return usageError(io, '--concurrency, --timeout-ms and --retries take whole numbers');

    const acceptances: RiskAcceptance[] = [];
    const owners = (v.owner as string[] | undefined) ?? [];
    const reasons = (v.reason as string[] | undefined) ?? [];
    const accepts = (v['accept-risk'] as string[] | undefined) ?? [];
    for (const [i, value] of accepts.entries()) {
      // One --owner/--reason per --accept-risk, or a single pair shared by all.
      const parsed = parseRiskAcceptance(value, owners[i] ?? (owners.length === 1 ? owners[0] : undefined), reasons[i] ?? (reasons.length === 1 ? reasons[0] : undefined));
      if (!parsed.ok) return usageError(io, parsed.message);
      acceptances.push(parsed.acceptance);
    }

    const reportPath = (v.report as string | undefined) ?? null;
    const jsonReportPath = (v['json-report'] as string | undefined) ?? (reportPath ? reportPath.replace(/\.md$/i, '') + '.json' : null);
    const result = await runGate(
      {
        cwd: io.cwd,
        datasetPath: dataset,
        ...sides,
        policyPath: (v.policy as string | undefined) ?? null,
        only: (v.only as string | undefined) ?? null,
        acceptances,
        reportPath,
        jsonReportPath,
        replayOutDir: (v['replay-out'] as string | undefined) ?? (reportPath ? path.join(path.dirname(reportPath), 'gate-replay') : 'gate-replay'),
        replay: { concurrency, timeoutMs, retries },
      },
      { now: () => new Date(), progress: (line) => io.stderr(line) },
    );
    if (result.kind === 'bad_input') {
      io.stderr(`tracegate gate: bad input\n${result.issues.slice(0, 50).map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
      if (result.issues.length > 50) io.stderr(`  ... ${result.issues.length - 50} more\n`);
      return 2;
    }
    io.stdout(v.json ? renderGateJson(result.report) : renderGateSummary(result.report));
    for (const file of result.written) io.stderr(`wrote ${file}\n`);
    return result.report.decision === 'ship' ? 0 : 1;
  },
};
