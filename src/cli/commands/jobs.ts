/**
 * `tracegate jobs list` (name, schedule, last run, outcome, lag, stalled) and `tracegate jobs run NAME
 * [--json]`: runs one job once now against DATABASE_URL (safe while the service runs on the same
 * database: work is claimed with leases). Exit 0 on success (or skipped), 1 on failure, 2 on bad usage.
 */
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, jsonOption, resolveDatabaseUrl } from '../options.js';

type JobsArgs = { verb: 'list' | 'run'; name: string | null; json: boolean; databaseUrl: string };

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
    const { createJobDeps, loadAlertSettings } = await import('../../../jobs/createJobDeps.js');
    const logger = createLogger((io.env.TRACEGATE_LOG_LEVEL as 'info' | undefined) ?? 'error', (l) => io.stderr(l));
    const record = await runJob(job!, createJobDeps(db, settings.settings, logger, [], loadAlertSettings(io.env)));
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

export const jobsCommand: CommandDefinition = {
  name: 'jobs',
  summary: 'jobs list | jobs run NAME [--json]: scheduled jobs and their last runs; run one now (exit 1 on failure)',
  define(cmd, ctx) {
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, { 0: 'done', 1: 'the job failed (jobs run)', 2: 'usage error' });
    const list = cmd
      .command('list')
      .description('each job: name, schedule, last run, outcome, lag, stalled')
      .addOption(jsonOption('print {"jobs": [...]} as JSON'))
      .addOption(databaseUrlOption());
    exitCodes(list, { 0: 'listed', 2: 'usage error or invalid job settings' });
    ctx.action(list, async (_args, o) => run({ verb: 'list', name: null, json: o.json === true, databaseUrl: resolveDatabaseUrl(o, ctx.io.env) }, ctx.io));
    const runOne = cmd
      .command('run')
      .description('run one job once now against the database (safe while the service runs on it: work is claimed with leases)')
      .argument('<name>', 'the job (see jobs list)')
      .addOption(jsonOption('print the run record as JSON'))
      .addOption(databaseUrlOption());
    exitCodes(runOne, { 0: 'success, or skipped (e.g. another process holds its lease)', 1: 'the job failed', 2: 'usage error, unknown job or invalid settings' });
    ctx.action(runOne, async ([name], o) => run({ verb: 'run', name: name!, json: o.json === true, databaseUrl: resolveDatabaseUrl(o, ctx.io.env) }, ctx.io));
  },
};
