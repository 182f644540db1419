/**
 * `tracegate canary --baseline V1 --canary V2 [--service S] [--environment E] [--since T] [--policy FILE] [--json]`:
 * the verdict of a release pair over stored, scored traffic (exit 0 PASS, 1 FAIL, 2 INCONCLUSIVE, 3 NODATA,
 * 4 bad usage or input). `tracegate canary start ...` declares a canary the canary job evaluates;
 * `tracegate canary stop ...` ends it.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { CanaryVerdictJson } from '../../domain/canary/toCanaryVerdictJson.js';
import type { Command, CliIo } from '../cliTypes.js';

const USAGE = `usage: tracegate canary --baseline V1 --canary V2 [--service S] [--environment E] [--since T] [--policy FILE] [--json]
       tracegate canary start --baseline V1 --canary V2 [--service S] [--environment E] [--cohort-attribute A] [--policy FILE]
       tracegate canary stop --baseline V1 --canary V2 [--service S] [--environment E]
options: --project NAME (default: default), --database-url URL (default: DATABASE_URL)
exit: 0 PASS, 1 FAIL, 2 INCONCLUSIVE, 3 NODATA, 4 bad usage or input
`;
const EXIT: Record<string, number> = { PASS: 0, FAIL: 1, INCONCLUSIVE: 2, NODATA: 3 };
const BAD = 4;

type CanaryArgs = {
  verb: 'verdict' | 'start' | 'stop'; baseline: string; canary: string; service: string | null; environment: string | null; since: string | null;
  policyFile: string | null; cohortAttribute: string | null; json: boolean; project: string; databaseUrl: string;
};

/** Parses the arguments (one place, so a later move to another parser stays small). */
export function parseCanaryArgs(argv: string[], env: NodeJS.ProcessEnv): CanaryArgs | { error: string } {
  let p;
  try {
    p = parseArgs({ args: argv, allowPositionals: true, options: {
      baseline: { type: 'string' }, canary: { type: 'string' }, service: { type: 'string' }, environment: { type: 'string' }, since: { type: 'string' },
      policy: { type: 'string' }, 'cohort-attribute': { type: 'string' }, json: { type: 'boolean' }, project: { type: 'string' }, 'database-url': { type: 'string' },
    } });
  } catch (e) {
    return { error: (e as Error).message };
  }
  const [verb = 'verdict', ...extra] = p.positionals;
  if (!['verdict', 'start', 'stop'].includes(verb) || extra.length > 0) return { error: `unexpected argument ${JSON.stringify(extra[0] ?? verb)}` };
  const v = p.values;
  if (!v.baseline || !v.canary) return { error: '--baseline and --canary are required' };
  if (verb !== 'verdict' && v.since) return { error: '--since applies to a verdict only' };
  return {
    verb: verb as CanaryArgs['verb'], baseline: v.baseline, canary: v.canary, service: v.service ?? null, environment: v.environment ?? null, since: v.since ?? null,
    policyFile: v.policy ?? null, cohortAttribute: v['cohort-attribute'] ?? null, json: v.json ?? false, project: v.project ?? 'default',
    databaseUrl: v['database-url'] ?? env.DATABASE_URL ?? 'file:./tracegate.db',
  };
}

const fmt = (v: number | null, rate: boolean): string => (v === null ? '-' : rate ? `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}%` : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}%`);

/** The readable per-metric table. */
export function renderVerdictTable(v: CanaryVerdictJson): string {
  const rows = v.metrics.map((m) => [`${m.metric}${m.critical ? '*' : ''}`, m.verdict, fmt(m.effect, true), `[${fmt(m.interval[0], true)}, ${fmt(m.interval[1], true)}]`, `${m.n.baseline}/${m.n.canary}`]);
  const head = ['metric', 'verdict', 'effect', 'interval', 'n base/canary'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd();
  return [
    `canary ${v.canary} vs baseline ${v.baseline} (${v.service ?? 'any service'}/${v.environment ?? 'any environment'}): ${v.verdict}${v.final ? ' (final)' : ''}`,
    `policy ${v.policyVersion}, evaluated ${v.evaluatedAt}; * = critical; effects > 0 are harm (latency: relative change)`,
    '', line(head), ...rows.map(line),
    ...v.metrics.filter((m) => m.verdict === 'FAIL').map((m) => `  ${m.metric}: ${m.reason}`),
    ...(v.worstTraces.length > 0 ? ['', `worst traces: ${v.worstTraces.join(' ')}`] : []), '',
  ].join('\n');
}

async function run(a: CanaryArgs, io: CliIo): Promise<number> {
  let policy = null;
  if (a.policyFile) {
    const { parsePolicy } = await import('../../domain/canary/parsePolicy.js');
    let text: string;
    try { text = readFileSync(resolve(io.cwd, a.policyFile), 'utf8'); } catch (e) { return (io.stderr(`tracegate canary: cannot read --policy ${a.policyFile}: ${(e as Error).message}\n`), BAD); }
    const p = parsePolicy(text);
    if (!p.ok) return (io.stderr(`tracegate canary: --policy ${a.policyFile}: ${p.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}\n`), BAD);
    policy = p.policy;
  }
  const { parseSince } = await import('../../http/routes/canary.js');
  const sinceMs = a.since ? parseSince(a.since, Date.now()) : undefined;
  if (sinceMs === null) return (io.stderr(`tracegate canary: --since: expected an ISO time or a duration like 4h, got ${JSON.stringify(a.since)}\n`), BAD);
  const { openDatabase } = await import('../../store/openDatabase.js');
  const { startCanary, stopCanaries, verdictFor } = await import('../../app/canary/manageCanaries.js');
  const db = await openDatabase(a.databaseUrl);
  try {
    const project = await db.control.createProject(a.project);
    const spec = { projectId: project.id, baseline: a.baseline, canary: a.canary, service: a.service, environment: a.environment, cohortAttribute: a.cohortAttribute, policy };
    if (a.verb === 'start') {
      const r = await startCanary(db.canary, spec, Date.now());
      io.stdout(a.json ? `${JSON.stringify({ id: r.canary.id, created: r.created })}\n` : `${r.created ? 'started' : 'already active:'} canary ${r.canary.id} (${a.canary} vs ${a.baseline})\n`);
      return 0;
    }
    if (a.verb === 'stop') {
      const stopped = await stopCanaries(db.canary, spec, Date.now());
      io.stdout(a.json ? `${JSON.stringify({ stopped: stopped.map((c) => c.id) })}\n` : `stopped ${stopped.length} canar${stopped.length === 1 ? 'y' : 'ies'}\n`);
      return stopped.length > 0 ? 0 : (io.stderr('tracegate canary stop: no active canary matches\n'), BAD);
    }
    const v = await verdictFor(db.canary, { ...spec, cohortAttribute: spec.cohortAttribute ?? undefined }, Date.now(), { policy: policy ?? undefined, sinceMs });
    io.stdout(a.json ? `${JSON.stringify(v)}\n` : renderVerdictTable(v));
    return EXIT[v.verdict] ?? BAD;
  } finally {
    await db.close();
  }
}

export const canaryCommand: Command = {
  name: 'canary',
  summary: 'canary --baseline V1 --canary V2: verdict over stored traffic (exit 0 PASS, 1 FAIL, 2 INCONCLUSIVE, 3 NODATA); canary start|stop',
  async run(argv, io) {
    const a = parseCanaryArgs(argv, io.env);
    if ('error' in a) return (io.stderr(`tracegate canary: ${a.error}\n${USAGE}`), BAD);
    return run(a, io);
  },
};
