/**
 * `tracegate canary [verdict] --baseline V1 --canary V2 [--service S] [--environment E] [--since T] [--policy FILE] [--json]`:
 * the verdict of a release pair over stored, scored traffic (exit 0 PASS, 1 FAIL, 2 INCONCLUSIVE, 3 NODATA,
 * 4 bad usage or input). `tracegate canary start ...` declares a canary the canary job evaluates (from
 * `--since T` when given); `tracegate canary stop ...` ends it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command as CommanderCommand } from 'commander';
import type { Policy } from '../../domain/canary/policy.js';
import type { CliIo, CommandContext, CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, jsonOption, projectOption, resolveDatabaseUrl } from '../options.js';
import { renderVerdictTable } from './renderVerdictTable.js';

const EXIT: Record<string, number> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 2, NODATA: 3 };
/** Bad usage or input: `canary` documented 4 before the generic 2, and scripts rely on 2 meaning INCONCLUSIVE. */
const BAD = 4;
type Verb = 'verdict' | 'start' | 'stop';

const SINCE = 'an ISO time or a duration back from now (30m, 4h, 7d)';

/** The options every verb takes: the release pair, where to look, and the database. */
function pairOptions(cmd: CommanderCommand): CommanderCommand {
  return cmd
    .option('--baseline <v1>', 'baseline release (required)')
    .option('--canary <v2>', 'canary release (required)')
    .option('--service <s>', 'only this service (default: any)')
    .option('--environment <e>', 'only this environment (default: any)');
}

function storeOptions(cmd: CommanderCommand): CommanderCommand {
  return cmd.addOption(projectOption()).addOption(databaseUrlOption());
}

/** The verdict's options, on `canary` itself and on `canary verdict`. */
function verdictOptions(cmd: CommanderCommand): CommanderCommand {
  pairOptions(cmd)
    .option('--since <t>', `judge the traffic since T, ${SINCE}; default: the latest stored look of the canary, else the traffic since the canary release's first`)
    .option('--policy <file>', 'policy YAML/JSON (default: the built-in policy; see docs/canary-policy.example.yaml)')
    .option('--cohort-attribute <a>', 'attribute that tells the releases apart (default service.version)')
    .addOption(jsonOption('print the verdict JSON (same as GET /api/canary) instead of the table'));
  storeOptions(cmd);
  exitCodes(cmd, { 0: 'PASS', 1: 'FAIL', 2: 'INCONCLUSIVE', 3: 'NODATA', 4: 'bad usage or input' });
  return cmd;
}

export const canaryCommand: CommandDefinition = {
  name: 'canary',
  summary: 'canary --baseline V1 --canary V2: verdict over stored traffic (exit 0 PASS, 1 FAIL, 2 INCONCLUSIVE, 3 NODATA); canary start|stop',
  define(cmd, ctx) {
    ctx.usageExitCode(cmd, BAD);
    // Options given before a verb (`canary --baseline v1 --canary v2 stop`) still count for it.
    const withParent = (sub: CommanderCommand, verb: Verb) => ctx.action(sub, async (_args, o) => run(verb, sub, { ...cmd.opts(), ...o }, ctx));
    verdictOptions(cmd).description('the verdict of a release pair over stored, scored traffic: a per-metric table, or JSON');
    ctx.action(cmd, async (_args, o) => run('verdict', cmd, o, ctx));
    withParent(verdictOptions(cmd.command('verdict').description('the verdict (the same as `tracegate canary` without a verb)')), 'verdict');

    const start = pairOptions(cmd.command('start'))
      .description('declare a canary; the canary job evaluates it at its policy interval (starting twice is a no-op)')
      .option('--since <t>', `the canary started at T, ${SINCE}: its looks judge the traffic since T; default: now, or when the canary release was first seen in the last hour`)
      .option('--policy <file>', 'policy YAML/JSON (default: the built-in policy)')
      .option('--cohort-attribute <a>', 'attribute that tells the releases apart (default service.version)')
      .addOption(jsonOption('print {"id", "created", "startedAt"}'));
    exitCodes(storeOptions(start), { 0: 'started, or already active', 4: 'bad usage or input' });
    withParent(start, 'start');

    const stop = pairOptions(cmd.command('stop')).description('end the active canaries of the release pair').addOption(jsonOption('print {"stopped": [id, ...]}'));
    exitCodes(storeOptions(stop), { 0: 'stopped', 4: 'bad usage, or no active canary matches' });
    withParent(stop, 'stop');
  },
};

/** Reads and validates `--policy FILE`; null without one, or a message. */
async function loadPolicy(file: string | undefined, io: CliIo): Promise<{ policy: Policy | null } | string> {
  if (!file) return { policy: null };
  const { parsePolicy } = await import('../../domain/canary/parsePolicy.js');
  let text: string;
  try { text = readFileSync(resolve(io.cwd, file), 'utf8'); } catch (e) { return `cannot read --policy ${file}: ${(e as Error).message}`; }
  const p = parsePolicy(text);
  return p.ok ? { policy: p.policy } : `--policy ${file}: ${p.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`;
}

/** Validates the options of `verb`, then runs it against the database; the exit code. */
async function run(verb: Verb, cmd: CommanderCommand, o: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const { io } = ctx;
  const str = (k: string) => o[k] as string | undefined;
  if (!str('baseline') || !str('canary')) return ctx.usageError(cmd, '--baseline and --canary are required');
  if (verb === 'stop' && str('since') !== undefined) return ctx.usageError(cmd, '--since applies to a verdict or a start only');
  const loaded = await loadPolicy(str('policy'), io);
  if (typeof loaded === 'string') return (io.stderr(`tracegate canary: ${loaded}\n`), BAD);
  const { parseSince } = await import('../../http/routes/canary.js');
  const nowMs = Date.now();
  const since = str('since');
  const sinceMs = since !== undefined ? parseSince(since, nowMs) : undefined;
  if (sinceMs === null) return (io.stderr(`tracegate canary: --since: expected an ISO time or a duration like 4h, got ${JSON.stringify(since)}\n`), BAD);
  if (verb === 'start' && sinceMs !== undefined && sinceMs > nowMs) return (io.stderr(`tracegate canary start: --since ${since} is in the future\n`), BAD);
  const { openDatabase } = await import('../../store/openDatabase.js');
  const { startCanary, stopCanaries, verdictFor } = await import('../../app/canary/manageCanaries.js');
  const db = await openDatabase(resolveDatabaseUrl(o, io.env));
  try {
    const project = await db.control.createProject(str('project') ?? 'default');
    const spec = {
      projectId: project.id, baseline: str('baseline')!, canary: str('canary')!, service: str('service') ?? null, environment: str('environment') ?? null,
      cohortAttribute: str('cohortAttribute') ?? null, policy: loaded.policy,
    };
    const json = o.json === true;
    if (verb === 'start') {
      const r = await startCanary(db.canary, { ...spec, startedMs: sinceMs ?? null }, nowMs);
      const startedAt = new Date(r.canary.startedMs).toISOString();
      if (!r.created && sinceMs !== undefined && r.canary.startedMs !== sinceMs) io.stderr(`tracegate canary start: --since ignored: the active canary ${r.canary.id} started at ${startedAt}\n`);
      io.stdout(json ? `${JSON.stringify({ id: r.canary.id, created: r.created, startedAt })}\n` : `${r.created ? 'started' : 'already active:'} canary ${r.canary.id} (${spec.canary} vs ${spec.baseline})\n`);
      return 0;
    }
    if (verb === 'stop') {
      const stopped = await stopCanaries(db.canary, spec, nowMs);
      io.stdout(json ? `${JSON.stringify({ stopped: stopped.map((c) => c.id) })}\n` : `stopped ${stopped.length} canar${stopped.length === 1 ? 'y' : 'ies'}\n`);
      return stopped.length > 0 ? 0 : (io.stderr('tracegate canary stop: no active canary matches\n'), BAD);
    }
    const v = await verdictFor(db.canary, { ...spec, cohortAttribute: spec.cohortAttribute ?? undefined }, nowMs, { policy: loaded.policy ?? undefined, sinceMs });
    io.stdout(json ? `${JSON.stringify(v)}\n` : renderVerdictTable(v));
    return EXIT[v.verdict] ?? BAD;
  } finally {
    await db.close();
  }
}
