/** SQLite read behind GET /api/stats/releases: grouped counts and log-latency histograms. */
import type BetterSqlite3 from 'better-sqlite3';
import type { ReleaseStatsCountRow, ReleaseStatsLatencyRow, ReleaseStatsQuery, ReleaseStatsRows } from '../../app/stats/releaseStats.js';
import { LOG_BIN_FLOOR_MS, LOG_BIN_GROWTH } from '../../domain/stats/logHistogram.js';

function whereOf(q: ReleaseStatsQuery): { sql: string; args: (string | number)[] } {
  const where = ['project_id = ?', 'start_ms >= ?', 'start_ms < ?'];
  const args: (string | number)[] = [q.projectId, q.fromMs, q.toMs];
  if (q.service !== undefined) (where.push('service_name = ?'), args.push(q.service));
  if (q.environment !== undefined) (where.push('environment = ?'), args.push(q.environment));
  return { sql: where.join(' AND '), args };
}

/** Reads the rows for toReleaseSeries. */
export function readReleaseStatsSqlite(db: BetterSqlite3.Database, q: ReleaseStatsQuery): ReleaseStatsRows {
  const w = whereOf(q);
  const bucket = 'CAST(floor(start_ms / ?) AS INTEGER)';
  const counts = db
    .prepare(
      `SELECT service_name AS service, release, ${bucket} AS bucket, COUNT(*) AS traces,
         SUM(action = 'refuse') AS refusals, SUM(action = 'escalate') AS escalations,
         SUM(tool_errors > 0) AS toolErrorTraces, SUM(error) AS errorTraces
       FROM traces WHERE ${w.sql} GROUP BY service_name, release, bucket`,
    )
    .all(q.bucketMs, ...w.args) as ReleaseStatsCountRow[];
  const latency = db
    .prepare(
      `SELECT service_name AS service, release, ${bucket} AS bucket,
         CAST(floor(ln(max(duration_ms, ?)) / ?) AS INTEGER) AS bin, COUNT(*) AS count
       FROM traces WHERE ${w.sql} GROUP BY service_name, release, bucket, bin`,
    )
    .all(q.bucketMs, LOG_BIN_FLOOR_MS, Math.log(LOG_BIN_GROWTH), ...w.args) as ReleaseStatsLatencyRow[];
  return {
    counts: counts.map((r) => ({ ...r, refusals: Number(r.refusals ?? 0), escalations: Number(r.escalations ?? 0), toolErrorTraces: Number(r.toolErrorTraces ?? 0), errorTraces: Number(r.errorTraces ?? 0) })),
    latency,
  };
}
