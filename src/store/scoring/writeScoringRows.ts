/** Batch SQL for scoring rows: a (project_id, trace_id) key filter and the result write, per dialect. */
import type { SavedScoring, TraceKey } from '../../app/scoring/scoringPorts.js';
import type { SqlExecutor, SqlValue } from './SqlClient.js';

/** `(a, b) IN (...)` over the keys: one JSON parameter on SQLite, two arrays on PostgreSQL. */
export function keyFilter(dialect: 'sqlite' | 'postgres', keys: readonly TraceKey[]): { where: (p: string, t: string) => string; params: SqlValue[] } {
  if (dialect === 'postgres') {
    return {
      where: (p, t) => `(${p}, ${t}) IN (SELECT * FROM unnest(?::text[], ?::text[]))`,
      params: [keys.map((k) => k.projectId), keys.map((k) => k.traceId)],
    };
  }
  return {
    where: (p, t) => `(${p}, ${t}) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))`,
    params: [JSON.stringify(keys.map((k) => [k.projectId, k.traceId]))],
  };
}

const flagsOf = (r: SavedScoring) => `,${r.scoring.flags.join(',')}${r.scoring.flags.length ? ',' : ''}`;
const JUDGE_SCORES = "name NOT LIKE 'judge:%'";

/**
 * SQLite statements over many rows bind every value as a parameter (never through JSON, whose number
 * parsing may round a double), in groups of SQLITE_GROUP rows; the last, partial group goes row by
 * row, so only two statement shapes are ever prepared.
 */
const SQLITE_GROUP = 64;

async function inGroups<T>(items: readonly T[], run: (group: readonly T[]) => Promise<void>): Promise<void> {
  let i = 0;
  for (; i + SQLITE_GROUP <= items.length; i += SQLITE_GROUP) await run(items.slice(i, i + SQLITE_GROUP));
  for (; i < items.length; i++) await run([items[i]!]);
}

const tuples = (n: number, width: number) => Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');

/** SQLite: one UPDATE ... FROM (VALUES ...) RETURNING, one DELETE and one INSERT per group of traces. */
async function writeSqliteRows(q: SqlExecutor, holder: string, results: readonly SavedScoring[]): Promise<number> {
  let saved = 0;
  await inGroups(results, async (group) => {
    const values: SqlValue[] = [];
    for (const r of group) values.push(r.projectId, r.traceId, r.scoring.action, r.scoring.actionSource, r.scoring.actionReason, flagsOf(r), r.traceUpdatedMs, r.scoredMs);
    const savedKeys = await q.all<{ project_id: string; trace_id: string }>(
      `WITH v(project_id, trace_id, action, action_source, action_reason, flags, trace_updated_ms, scored_ms) AS (VALUES ${tuples(group.length, 8)}) ` +
        "UPDATE trace_scoring SET status = 'scored', reason = 'scored', action = v.action, action_source = v.action_source, " +
        'action_reason = v.action_reason, flags = v.flags, trace_updated_ms = v.trace_updated_ms, scored_ms = v.scored_ms, scored_by = ?, ' +
        'score_count = score_count + 1, lease_holder = NULL, lease_expires_ms = NULL ' +
        'FROM v WHERE trace_scoring.project_id = v.project_id AND trace_scoring.trace_id = v.trace_id AND trace_scoring.lease_holder = ? ' +
        'RETURNING trace_scoring.project_id, trace_scoring.trace_id',
      [...values, holder, holder],
    );
    if (savedKeys.length === 0) return;
    saved += savedKeys.length;
    const keptKeys = new Set(savedKeys.map((k) => `${k.project_id}/${k.trace_id}`));
    const kept = group.filter((r) => keptKeys.has(`${r.projectId}/${r.traceId}`));
    const f = keyFilter('sqlite', kept);
    await q.run(`DELETE FROM trace_scores WHERE ${JUDGE_SCORES} AND ${f.where('project_id', 'trace_id')}`, f.params);
    const rows: SqlValue[][] = [];
    for (const r of kept) for (const x of r.scoring.scores) rows.push([r.projectId, r.traceId, x.name, x.version, x.value, x.label, x.reason]);
    await inGroups(rows, async (g) => {
      await q.run(`INSERT INTO trace_scores (project_id, trace_id, name, version, value, label, reason) VALUES ${tuples(g.length, 7)}`, g.flat());
    });
  });
  return saved;
}

/** Writes results whose lease `holder` still holds (inside the caller's transaction); returns how many. */
export async function writeScoringRows(q: SqlExecutor, dialect: 'sqlite' | 'postgres', holder: string, results: readonly SavedScoring[]): Promise<number> {
  const set =
    "status = 'scored', reason = ?, action = ?, action_source = ?, action_reason = ?, flags = ?, trace_updated_ms = ?, scored_ms = ?, scored_by = ?, " +
    'score_count = score_count + 1, lease_holder = NULL, lease_expires_ms = NULL';
  if (dialect === 'sqlite') return writeSqliteRows(q, holder, results);
  const col = <T>(f: (r: SavedScoring) => T) => results.map(f);
  const savedKeys = await q.all<{ project_id: string; trace_id: string }>(
    "UPDATE trace_scoring u SET status = 'scored', reason = 'scored', action = v.action, action_source = v.action_source, " +
      'action_reason = v.action_reason, flags = v.flags, trace_updated_ms = v.trace_updated_ms, scored_ms = v.scored_ms, scored_by = ?, ' +
      'score_count = u.score_count + 1, lease_holder = NULL, lease_expires_ms = NULL ' +
      'FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[]) ' +
      'AS v(project_id, trace_id, action, action_source, action_reason, flags, trace_updated_ms, scored_ms) ' +
      'WHERE u.project_id = v.project_id AND u.trace_id = v.trace_id AND u.lease_holder = ? RETURNING u.project_id, u.trace_id',
    [
      holder, col((r) => r.projectId), col((r) => r.traceId), col((r) => r.scoring.action), col((r) => r.scoring.actionSource),
      col((r) => r.scoring.actionReason), col(flagsOf), col((r) => r.traceUpdatedMs), col((r) => r.scoredMs), holder,
    ],
  );
  if (savedKeys.length === 0) return 0;
  const saved = new Set(savedKeys.map((k) => `${k.project_id}/${k.trace_id}`));
  const kept = results.filter((r) => saved.has(`${r.projectId}/${r.traceId}`));
  const f = keyFilter('postgres', kept);
  await q.run(`DELETE FROM trace_scores WHERE ${JUDGE_SCORES} AND ${f.where('project_id', 'trace_id')}`, f.params);
  const scores = kept.flatMap((r) => r.scoring.scores.map((x) => ({ r, x })));
  if (scores.length > 0) {
    await q.run(
      'INSERT INTO trace_scores (project_id, trace_id, name, version, value, label, reason) ' +
        'SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::float8[], ?::text[], ?::text[])',
      [
        scores.map((s) => s.r.projectId), scores.map((s) => s.r.traceId), scores.map((s) => s.x.name), scores.map((s) => s.x.version),
        scores.map((s) => s.x.value), scores.map((s) => s.x.label), scores.map((s) => s.x.reason),
      ],
    );
  }
  return kept.length;
}
