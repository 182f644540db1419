/** `tracegate gate`: offline release gate; exit 0 ship, 1 blocked, 2 bad input. */
import path from 'node:path';
import { formatIssue } from '../../domain/cases/InputIssue.js';
import type { RiskAcceptance } from '../../domain/gate/GateReport.js';
import { parseRiskAcceptance } from '../../domain/gate/parseRiskAcceptance.js';
import { renderGateJson, renderGateSummary } from '../../domain/gate/renderGateText.js';
import { runGate, type SideSource } from '../../app/gate/runGate.js';
import type { CommandDefinition } from '../cliTypes.js';
import { collect, exitCodes, jsonOption, wholeNumber } from '../options.js';

/** Resolves each side from --baseline/--candidate files, --baseline-url/--candidate-url, or --replay (first baseline, then candidate). */
function resolveSides(v: Record<string, unknown>): { baseline: SideSource; candidate: SideSource } | string {
  const replays = [...((v.replay as string[] | undefined) ?? [])];
  const side = (name: 'baseline' | 'candidate'): SideSource | string => {
    const file = v[name] as string | undefined;
    const url = v[`${name}Url`] as string | undefined;
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

/** One RiskAcceptance per --accept-risk: one --owner/--reason per acceptance, or a single pair shared by all. */
function acceptancesOf(v: Record<string, unknown>): RiskAcceptance[] | string {
  const acceptances: RiskAcceptance[] = [];
  const owners = (v.owner as string[] | undefined) ?? [];
  const reasons = (v.reason as string[] | undefined) ?? [];
  for (const [i, value] of ((v.acceptRisk as string[] | undefined) ?? []).entries()) {
    const parsed = parseRiskAcceptance(value, owners[i] ?? (owners.length === 1 ? owners[0] : undefined), reasons[i] ?? (reasons.length === 1 ? reasons[0] : undefined));
    if (!parsed.ok) return parsed.message;
    acceptances.push(parsed.acceptance);
  }
  return acceptances;
}

export const gateCommand: CommandDefinition = {
  name: 'gate',
  summary: 'offline release gate: compare baseline and candidate outputs on a pinned dataset',
  define(cmd, ctx) {
    cmd
      .description('offline release gate: compare baseline and candidate outputs on a pinned dataset (see docs/gate.md)')
      .option('--dataset <file>', 'dataset JSONL (native case format); required')
      .option('--baseline <out1.jsonl>', 'outputs JSONL of the baseline')
      .option('--candidate <out2.jsonl>', 'outputs JSONL of the candidate')
      .option('--baseline-url <url>', 'replay the baseline against an HTTP endpoint instead of reading a file')
      .option('--candidate-url <url>', 'replay the candidate against an HTTP endpoint instead of reading a file')
      .option('--replay <url>', 'replay endpoint, repeatable: the first is the baseline (unless given otherwise), the next the candidate', collect)
      .option('--policy <file>', 'policy YAML/JSON (default: the built-in policy)')
      .option('--only <tag>', 'keep only cases carrying this change-sensitivity tag')
      .addOption(jsonOption('print the JSON report on stdout instead of the summary'))
      .option('--report <file.md>', 'write the Markdown report (and the JSON report next to it)')
      .option('--json-report <file.json>', 'write the JSON report')
      .option('--accept-risk <case_id:blocker>', 'accept a known risk (repeatable; needs --owner and --reason)', collect)
      .option('--owner <name>', 'who accepts the risk (one per --accept-risk, or one for all)', collect)
      .option('--reason <text>', 'why the risk is accepted (one per --accept-risk, or one for all)', collect)
      .option('--replay-out <dir>', 'where replayed outputs are written (default gate-replay/, next to --report if given)')
      .option('--concurrency <n>', 'replay requests in flight', wholeNumber(1), 4)
      .option('--timeout-ms <ms>', 'per-attempt replay timeout in milliseconds', wholeNumber(1), 30_000)
      .option('--retries <n>', 'extra replay attempts on network error, timeout, 429 and 5xx', wholeNumber(0), 2);
    exitCodes(cmd, { 0: 'the candidate may ship', 1: 'blocked', 2: 'bad input (usage, unreadable or malformed files)' });
    ctx.action(cmd, async (_args, v) => {
      const io = ctx.io;
      const dataset = v.dataset as string | undefined;
      if (!dataset) return ctx.usageError(cmd, '--dataset FILE is required');
      const sides = resolveSides(v);
      if (typeof sides === 'string') return ctx.usageError(cmd, sides);
      const acceptances = acceptancesOf(v);
      if (typeof acceptances === 'string') return ctx.usageError(cmd, acceptances);
      const reportPath = (v.report as string | undefined) ?? null;
      const jsonReportPath = (v.jsonReport as string | undefined) ?? (reportPath ? reportPath.replace(/\.md$/i, '') + '.json' : null);
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
          replayOutDir: (v.replayOut as string | undefined) ?? (reportPath ? path.join(path.dirname(reportPath), 'gate-replay') : 'gate-replay'),
          replay: { concurrency: v.concurrency as number, timeoutMs: v.timeoutMs as number, retries: v.retries as number },
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
    });
  },
};
