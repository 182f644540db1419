/** PostgreSQL read behind GET /api/stats/releases: grouped counts and log-latency histograms. */
import type pg from 'pg';
import type { ReleaseStatsCountRow, ReleaseStatsLatencyRow, ReleaseStatsQuery, ReleaseStatsRows } from '../../app/stats/releaseStats.js';
import { LOG_BIN_FLOOR_MS, LOG_BIN_GROWTH } from '../../domain/stats/logHistogram.js';

/** Reads the rows for toReleaseSeries. */
export async function readReleaseStatsPostgres(pool: pg.Pool, q: ReleaseStatsQuery): Promise<ReleaseStatsRows> {
  const args: (string | number)[] = [q.projectId, q.fromMs, q.toMs, q.bucketMs];
  const where = ['project_id = $1', 'start_ms >= $2', 'start_ms < $3'];
  if (q.service !== undefined) (args.push(q.service), where.push(`service_name = $${args.length}`));
  if (q.environment !== undefined) (args.push(q.environment), where.push(`environment = $${args.length}`));
  const bucket = 'floor(start_ms / $4::float8)::bigint';
  const counts = await pool.query<Record<string, unknown>>(
    `SELECT service_name AS service, release, ${bucket} AS bucket, COUNT(*) AS traces,
       COUNT(*) FILTER (WHERE action = 'refuse') AS refusals, COUNT(*) FILTER (WHERE action = 'escalate') AS escalations,
       COUNT(*) FILTER (WHERE tool_errors > 0) AS tool_error_traces, COUNT(*) FILTER (WHERE error) AS error_traces
     FROM traces WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3`,
    args,
  );
  args.push(LOG_BIN_FLOOR_MS, Math.log(LOG_BIN_GROWTH));
  const n = args.length;
  const latency = await pool.query<Record<string, unknown>>(
    `SELECT service_name AS service, release, ${bucket} AS bucket,
       floor(ln(greatest(duration_ms, $${n - 1}::float8)) / $${n}::float8)::int AS bin, COUNT(*) AS count
     FROM traces WHERE ${where.join(' AND ')} GROUP BY 1, 2, 3, 4`,
    args,
  );
  return {
    counts: counts.rows.map(
      (r): ReleaseStatsCountRow => ({
        service: (r.service as string | null) ?? null,
        release: (r.release as string | null) ?? null,
        bucket: Number(r.bucket),
        traces: Number(r.traces),
        refusals: Number(r.refusals),
        escalations: Number(r.escalations),
        toolErrorTraces: Number(r.tool_error_traces),
        errorTraces: Number(r.error_traces),
      }),
    ),
    latency: latency.rows.map(
      (r): ReleaseStatsLatencyRow => ({
        service: (r.service as string | null) ?? null,
        release: (r.release as string | null) ?? null,
        bucket: Number(r.bucket),
        bin: Number(r.bin),
        count: Number(r.count),
      }),
    ),
  };
}
