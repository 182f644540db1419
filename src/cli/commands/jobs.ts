/**
 * `tracegate jobs list` (name, schedule, last run, outcome, lag, stalled) and `tracegate jobs run NAME
 * [--json]`: runs one job once now against DATABASE_URL (safe while the service runs on the same
 * database: work is claimed with leases). Exit 0 on success (or skipped), 1 on failure, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import type { Command, CliIo } from '../cliTypes.js';

const USAGE = 'usage: tracegate jobs list [--json] [--database-url URL]\n       tracegate jobs run NAME [--json] [--database-url URL]\n';

type JobsArgs = { verb: 'list' | 'run'; name: string | null; json: boolean; databaseUrl: string };

/** Parses the arguments (one place, so a later move to another parser stays small). */
export function parseJobsArgs(argv: string[], env: NodeJS.ProcessEnv): JobsArgs | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' }, 'database-url': { type: 'string' } } });
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const [verb, name, ...extra] = parsed.positionals;
  if (verb !== 'list' && verb !== 'run') return { error: `expected list or run, got ${JSON.stringify(verb ?? '')}` };
  if (verb === 'run' && !name) return { error: 'jobs run needs a job NAME' };
  if ((verb === 'list' && name) || extra.length > 0) return { error: `unexpected argument ${JSON.stringify(verb === 'list' ? name : extra[0])}` };
  return { verb, name: name ?? null, json: parsed.values.json ?? false, databaseUrl: parsed.values['database-url'] ?? env.DATABASE_URL ?? 'file:./tracegate.db' };
}

const pad = (s: string, n: number) => s.padEnd(n);
const ago = (ms: number | null) => (ms === null ? '-' : ms < 120_000 ? `${Math.round(ms / 1000)}s` : ms < 7_200_000 ? `${Math.round(ms / 60_000)}m` : `${Math.round(ms / 3_600_000)}h`);

async function run(args: JobsArgs, io: CliIo): Promise<number> {
  const { JOBS, findJob } = await import('../../../jobs/index.js');
  const { resolveJobSchedules } = await import('../../../jobs/JobScheduler.js');
  const { loadScoringSettings } = await import('../../app/scoring/scoringSettings.js');
  const schedules = resolveJobSchedules(JOBS, io.env);
  if (!schedules.ok) return (io.stderr(`tracegate jobs: ${schedules.message}\n`), 2);
  const settings = loadScoringSettings(io.env);
  if (!settings.ok) return (io.stderr(`tracegate jobs: ${settings.message}\n`), 2);
  const job = args.name ? findJob(args.name) : undefined;
  if (args.verb === 'run' && !job) return (io.stderr(`tracegate jobs run: unknown job '${args.name}' (known: ${JOBS.map((j) => j.name).join(', ')})\n`), 2);
  const { openDatabase } = await import('../../store/openDatabase.js');
  const { createLogger } = await import('../../app/logger.js');
  const db = await openDatabase(args.databaseUrl);
  try {
    if (args.verb === 'list') {
      const { listJobStatuses } = await import('../../../jobs/listJobStatuses.js');
      const statuses = await listJobStatuses(db.jobs, schedules.schedules, Date.now());
      if (args.json) io.stdout(`${JSON.stringify({ jobs: statuses })}\n`);
      else {
        io.stdout(`${pad('NAME', 12)}${pad('SCHEDULE', 20)}${pad('LAST RUN', 26)}${pad('OUTCOME', 10)}${pad('LAG', 8)}STALLED\n`);
        for (const s of statuses) {
          io.stdout(`${pad(s.name, 12)}${pad(s.schedule, 20)}${pad(s.lastRun?.startedAt ?? '-', 26)}${pad(s.lastRun?.outcome ?? '-', 10)}${pad(ago(s.lagMs), 8)}${s.stalled ? 'yes' : 'no'}\n`);
        }
      }
      return 0;
    }
    const { runJob } = await import('../../../jobs/runJob.js');
    const { createJobDeps } = await import('../../../jobs/createJobDeps.js');
    const logger = createLogger((io.env.TRACEGATE_LOG_LEVEL as 'info' | undefined) ?? 'error', (l) => io.stderr(l));
    const record = await runJob(job!, createJobDeps(db, settings.settings, logger));
    if (args.json) io.stdout(`${JSON.stringify(record)}\n`);
    else {
      const counts = Object.entries(record.counts).map(([k, v]) => `${k}=${v}`).join(' ');
      io.stdout(`${record.job}: ${record.outcome}${record.reason ? ` (${record.reason})` : ''}${counts ? ` ${counts}` : ''} in ${((record.endedMs! - record.startedMs) / 1000).toFixed(2)}s\n`);
      if (record.error) io.stderr(`error: ${record.error}\n`);
    }
    return record.outcome === 'failed' ? 1 : 0;
  } finally {
    await db.close();
  }
}

export const jobsCommand: Command = {
  name: 'jobs',
  summary: 'jobs list | jobs run NAME [--json]: scheduled jobs and their last runs; run one now (exit 1 on failure)',
  async run(argv, io) {
    const args = parseJobsArgs(argv, io.env);
    if ('error' in args) return (io.stderr(`tracegate jobs: ${args.error}\n${USAGE}`), 2);
    return run(args, io);
  },
};
