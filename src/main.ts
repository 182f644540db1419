/**
 * Composition root: the one place that creates adapters (database, queue, auth, HTTP) and wires them.
 * `npm start` runs this file: configuration from flags and environment (TRACEGATE_PORT, DATABASE_URL, ...).
 */
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from './config.js';
import { DEFAULT_PROJECT } from './app/defaultProject.js';
import { KeyAdmin } from './app/keys/KeyAdmin.js';
import { Authenticator } from './app/auth/Authenticator.js';
import { InflightBudget } from './app/ingest/InflightBudget.js';
import { IngestQueue } from './app/ingest/IngestQueue.js';
import { createLogger, type Logger } from './app/logger.js';
import { ServiceMetrics } from './app/metrics/ServiceMetrics.js';
import { computeTraceFacts } from './domain/facts/index.js';
import { createApp } from './http/createApp.js';
import { mountDashboard } from './http/routes/dashboard.js';
import { startOtlpGrpcServer, type RunningGrpcServer } from './grpc/otlpGrpcServer.js';
import { openDatabase } from './store/openDatabase.js';
import { redactionRulesFrom } from './app/review/redactionRulesFrom.js';
import { loadScoringSettings } from './app/scoring/scoringSettings.js';
import type { ScoredHook } from './app/scoring/scoreTraces.js';
import { JOBS } from '../jobs/index.js';
import { JobScheduler, resolveJobSchedules } from '../jobs/JobScheduler.js';
import { JobsMonitor } from '../jobs/JobsMonitor.js';
import { createJobDeps } from '../jobs/createJobDeps.js';
import { listJobStatuses } from '../jobs/listJobStatuses.js';
import type { JobDeps } from '../jobs/jobTypes.js';
import { jobsRoutes } from './http/routes/jobs.js';
import { judgesRoutes } from './http/routes/judges.js';
import { canaryRoutes } from './http/routes/canary.js';
import { driftSeriesRoutes } from './http/routes/driftSeries.js';
import { registerCanaryMetrics } from './app/canary/canaryMetrics.js';
import { loadAlertSettings } from '../jobs/createJobDeps.js';

/** A running service. */
export interface RunningService {
  url: string;
  port: number;
  /** The OTLP/gRPC port, or null when the gRPC receiver is off (TRACEGATE_GRPC_PORT=0). */
  grpcPort: number | null;
  config: Config;
  metrics: ServiceMetrics;
  /** What jobs run with (tests run jobs through it); push to `jobDeps.onScored` to follow scored traces. */
  jobDeps: JobDeps;
  /** The job scheduler, null when TRACEGATE_JOBS=off. */
  scheduler: JobScheduler | null;
  /** Stops accepting, drains the ingest queue, closes the database. */
  close(): Promise<void>;
}

export { DEFAULT_PROJECT } from './app/defaultProject.js';

/** Key management (`tracegate keys`) on the database at `databaseUrl` (migrated if needed); close() when done. */
export async function openKeyAdmin(databaseUrl: string): Promise<{ admin: KeyAdmin; close(): Promise<void> }> {
  const db = await openDatabase(databaseUrl);
  return { admin: new KeyAdmin(db.control, (n) => randomBytes(n)), close: () => db.close() };
}

/**
 * Opens the database (applying migrations), starts the HTTP and OTLP/gRPC servers and the job
 * scheduler (unless TRACEGATE_JOBS=off) and resolves once they listen. `env` supplies the scoring and
 * job settings.
 */
export async function startService(config: Config, logger: Logger, env: NodeJS.ProcessEnv = process.env, onScored: ScoredHook[] = []): Promise<RunningService> {
  const settings = loadScoringSettings(env);
  if (!settings.ok) throw new Error(settings.message);
  const schedules = resolveJobSchedules(JOBS, env);
  if (!schedules.ok) throw new Error(schedules.message);
  const jobsMode = (env.TRACEGATE_JOBS ?? 'on').trim().toLowerCase() || 'on';
  if (jobsMode !== 'on' && jobsMode !== 'off') throw new Error(`TRACEGATE_JOBS: expected on or off, got ${JSON.stringify(env.TRACEGATE_JOBS)}`);
  const alerting = loadAlertSettings(env);
  const db = await openDatabase(config.databaseUrl);
  const metrics = new ServiceMetrics();
  metrics.describe('tracegate_spans_accepted_total', 'Spans accepted and durably stored');
  metrics.describe('tracegate_spans_rejected_total', 'Spans rejected, by reason');
  metrics.describe('tracegate_otlp_requests_refused_total', 'OTLP requests refused, by signal and reason');
  metrics.inc('tracegate_spans_accepted_total', {}, 0);
  const queue = new IngestQueue(db.spans, computeTraceFacts, {
    maxQueueSpans: config.maxQueueSpans,
    maxProjectQueueSpans: config.maxProjectQueueSpans,
    maxCommitSpans: config.maxCommitSpans,
    onCommit: (info) => {
      metrics.inc('tracegate_commits_total', { outcome: info.ok ? 'ok' : 'failed' });
      if (info.outcome) metrics.inc('tracegate_spans_duplicate_total', {}, info.outcome.duplicates);
      if (!info.ok) logger.error('commit failed', { spans: info.spans, jobs: info.jobs, error: String(info.error) });
    },
  });
  metrics.gauge('tracegate_ingest_queue_depth_spans', 'Spans waiting for a commit', () => queue.depthSpans);
  const defaultProject = await db.control.createProject(DEFAULT_PROJECT);
  const auth = new Authenticator(db.control, defaultProject.id);
  const budget = new InflightBudget({
    maxRequests: config.maxInflightRequests,
    maxRequestsPerProject: config.maxInflightRequestsPerProject,
    maxBytes: config.maxInflightBytes,
  });
  metrics.gauge('tracegate_inflight_body_bytes', 'Request body bytes held by OTLP requests being read or decoded', () => budget.bytesInFlight);
  registerCanaryMetrics(metrics, db.canary, (e) => logger.error('canary metrics refresh failed', { error: String(e) }));
  const jobDeps = createJobDeps(db, settings.settings, logger, onScored, alerting);
  const monitor = new JobsMonitor(db.jobs, schedules.schedules);
  const observeRun = monitor.register(metrics);
  await monitor.refresh();
  const review = { spans: db.spans, promotion: db.promotion, now: () => new Date(), redactionRules: redactionRulesFrom(config.redactionPatterns) };
  const app = createApp({ config, auth, queue, budget, spans: db.spans, control: db.control, metrics, logger, scoring: db.scoring, review }, [
    jobsRoutes(() => listJobStatuses(db.jobs, schedules.schedules, Date.now())),
    judgesRoutes(db.judge, settings.settings.calibration),
    canaryRoutes({ canary: db.canary, alerts: db.alerts, alertsConfig: alerting.alertsConfig }),
    driftSeriesRoutes(db.canary),
    mountDashboard(),
  ]);

  let grpcServer: RunningGrpcServer | null = null;
  try {
    if (config.grpcPort !== 0) grpcServer = await startOtlpGrpcServer({ config, auth, queue, budget, metrics, logger }, config.host, config.grpcPort);
  } catch (error) {
    await db.close();
    throw new Error(`cannot listen for OTLP/gRPC on ${config.host}:${config.grpcPort} (TRACEGATE_GRPC_PORT; 0 turns it off): ${error instanceof Error ? error.message : String(error)}`);
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  }).catch(async (error: unknown) => {
    await grpcServer?.close();
    await db.close();
    throw error;
  });
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 300_000;
  const port = (server.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const open = await auth.isOpenMode();
  logger.info('tracegate listening', {
    url: `http://${host}:${port}`,
    grpc: grpcServer ? `${host}:${grpcServer.port}` : 'off',
    database: db.kind,
    auth: open ? 'no API key exists: accepting unauthenticated requests from loopback only (create one with `tracegate keys create --project NAME`)' : 'API keys required',
  });

  const scheduler = jobsMode === 'on' ? new JobScheduler(schedules.schedules, jobDeps, observeRun) : null;
  scheduler?.start();
  if (!scheduler) logger.info('job scheduler off (TRACEGATE_JOBS=off): run jobs with `tracegate jobs run NAME`');

  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    grpcPort: grpcServer?.port ?? null,
    config,
    metrics,
    jobDeps,
    scheduler,
    close: () =>
      (closing ??= (async () => {
        await scheduler?.stop();
        await Promise.all([
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
          grpcServer?.close(),
        ]);
        await queue.close();
        await db.close();
      })()),
  };
}

/** Starts the service from argv/env and runs until SIGINT/SIGTERM. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  const parsed = loadConfig(argv, process.env);
  if (!parsed.ok) {
    process.stderr.write(`tracegate: ${parsed.message}\n`);
    process.exit(2);
  }
  const logger = createLogger(parsed.config.logLevel);
  const service = await startService(parsed.config, logger);
  const stop = (signal: string) => {
    logger.info('shutting down', { signal });
    service.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(`tracegate: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
