/**
 * How the trace list joins `traces` with `trace_scoring`. The list is ordered by trace start; an action
 * filter can only match scored rows. Walking traces in start order and probing trace_scoring finds a
 * common action at once but reads every trace when the action is rare or nothing is scored yet (1.3 s
 * at 1,000,000 traces). So when few scoring rows can match (counted through the (project_id, action)
 * index, stopping at a cap) the query starts from those rows instead and sorts them; past the cap the
 * matches are dense enough that the ordered walk stops early.
 */
import type { SqlClient } from './SqlClient.js';

/** Above this many candidate scoring rows the ordered walk over traces is cheaper than sorting them. */
export const SCORING_DRIVEN_MAX_ROWS = 5_000;

/** The trace list's FROM clause (aliases `t` and `s`) and the column its project filter goes on. */
export interface TraceListJoin {
  from: string;
  projectColumn: 't.project_id' | 's.project_id';
}

const WALK: TraceListJoin = { from: 'traces t LEFT JOIN trace_scoring s ON s.project_id = t.project_id AND s.trace_id = t.trace_id', projectColumn: 't.project_id' };

/** Picks the join for this filter (one bounded index count when an action is asked for). */
export async function planTraceListJoin(sql: Pick<SqlClient, 'all' | 'dialect'>, projectId: string, action: string | undefined): Promise<TraceListJoin> {
  if (action === undefined) return WALK;
  const rows = await sql.all<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM (SELECT 1 FROM trace_scoring WHERE project_id = ? AND action = ? LIMIT ${SCORING_DRIVEN_MAX_ROWS + 1}) c`,
    [projectId, action],
  );
  if (Number(rows[0]?.n ?? 0) > SCORING_DRIVEN_MAX_ROWS) return WALK;
  // SQLite keeps the left table of CROSS JOIN outermost; PostgreSQL plans an inner join from its statistics.
  const join = sql.dialect === 'sqlite' ? 'CROSS JOIN' : 'JOIN';
  return { from: `trace_scoring s ${join} traces t ON t.project_id = s.project_id AND t.trace_id = s.trace_id`, projectColumn: 's.project_id' };
}
