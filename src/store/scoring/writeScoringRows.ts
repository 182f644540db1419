/** Batch SQL for scoring rows: a (project_id, trace_id) key filter and the result write, per dialect. */
import type { SavedScoring, TraceKey } from '../../app/scoring/scoringPorts.js';
import { toBinaryArray, toBinaryColumns, type PgArrayType } from '../postgres/toBinaryColumns.js';
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

/** A saved trace as UPDATE ... RETURNING gives it (score_count after the update). */
interface SavedKey {
  project_id: string;
  trace_id: string;
  score_count: number | string;
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
    const savedKeys = await q.all<SavedKey>(
      `WITH v(project_id, trace_id, action, action_source, action_reason, flags, trace_updated_ms, scored_ms) AS (VALUES ${tuples(group.length, 8)}) ` +
        "UPDATE trace_scoring SET status = 'scored', reason = 'scored', action = v.action, action_source = v.action_source, " +
        'action_reason = v.action_reason, flags = v.flags, trace_updated_ms = v.trace_updated_ms, scored_ms = v.scored_ms, scored_by = ?, ' +
        'score_count = score_count + 1, lease_holder = NULL, lease_expires_ms = NULL ' +
        'FROM v WHERE trace_scoring.project_id = v.project_id AND trace_scoring.trace_id = v.trace_id AND trace_scoring.lease_holder = ? ' +
        'RETURNING trace_scoring.project_id, trace_scoring.trace_id, trace_scoring.score_count',
      [...values, holder, holder],
    );
    if (savedKeys.length === 0) return;
    saved += savedKeys.length;
    const keptKeys = new Set(savedKeys.map((k) => `${k.project_id}/${k.trace_id}`));
    const kept = group.filter((r) => keptKeys.has(`${r.projectId}/${r.traceId}`));
    await deletePreviousScores(q, 'sqlite', kept, savedKeys);
    const rows: SqlValue[][] = [];
    for (const r of kept) for (const x of r.scoring.scores) rows.push([r.projectId, r.traceId, x.name, x.version, x.value, x.label, x.reason]);
    await inGroups(rows, async (g) => {
      await q.run(`INSERT INTO trace_scores (project_id, trace_id, name, version, value, label, reason) VALUES ${tuples(g.length, 7)}`, g.flat());
    });
  });
  return saved;
}

/**
 * Deletes the deterministic score rows of re-scored traces. A trace saved for the first time
 * (score_count now 1) has none: its scores are only ever written here, with score_count + 1, in the
 * same transaction.
 */
async function deletePreviousScores(q: SqlExecutor, dialect: 'sqlite' | 'postgres', kept: readonly SavedScoring[], saved: readonly SavedKey[]): Promise<void> {
  const again = new Set(saved.filter((k) => Number(k.score_count) > 1).map((k) => `${k.project_id}/${k.trace_id}`));
  const rescored = kept.filter((r) => again.has(`${r.projectId}/${r.traceId}`));
  if (rescored.length === 0) return;
  const f = keyFilter(dialect, rescored);
  await q.run(`DELETE FROM trace_scores WHERE ${JUDGE_SCORES} AND ${f.where('project_id', 'trace_id')}`, f.params);
}

/** Writes results whose lease `holder` still holds (inside the caller's transaction); returns how many. */
export async function writeScoringRows(q: SqlExecutor, dialect: 'sqlite' | 'postgres', holder: string, results: readonly SavedScoring[]): Promise<number> {
  const set =
    "status = 'scored', reason = ?, action = ?, action_source = ?, action_reason = ?, flags = ?, trace_updated_ms = ?, scored_ms = ?, scored_by = ?, " +
    'score_count = score_count + 1, lease_holder = NULL, lease_expires_ms = NULL';
  if (dialect === 'sqlite') return writeSqliteRows(q, holder, results);
  const col = (type: PgArrayType, f: (r: SavedScoring) => unknown) => toBinaryArray(type, results.map(f));
  const savedKeys = await q.all<SavedKey>(
    "UPDATE trace_scoring u SET status = 'scored', reason = 'scored', action = v.action, action_source = v.action_source, " +
      'action_reason = v.action_reason, flags = v.flags, trace_updated_ms = v.trace_updated_ms, scored_ms = v.scored_ms, scored_by = ?, ' +
      'score_count = u.score_count + 1, lease_holder = NULL, lease_expires_ms = NULL ' +
      'FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[]) ' +
      'AS v(project_id, trace_id, action, action_source, action_reason, flags, trace_updated_ms, scored_ms) ' +
      'WHERE u.project_id = v.project_id AND u.trace_id = v.trace_id AND u.lease_holder = ? RETURNING u.project_id, u.trace_id, u.score_count',
    [
      holder, col('text', (r) => r.projectId), col('text', (r) => r.traceId), col('text', (r) => r.scoring.action), col('text', (r) => r.scoring.actionSource),
      col('text', (r) => r.scoring.actionReason), col('text', flagsOf), col('float8', (r) => r.traceUpdatedMs), col('float8', (r) => r.scoredMs), holder,
    ],
  );
  if (savedKeys.length === 0) return 0;
  const saved = new Set(savedKeys.map((k) => `${k.project_id}/${k.trace_id}`));
  const kept = results.filter((r) => saved.has(`${r.projectId}/${r.traceId}`));
  await deletePreviousScores(q, 'postgres', kept, savedKeys);
  const rows = kept.flatMap((r) => r.scoring.scores.map((x) => [r.projectId, r.traceId, x.name, x.version, x.value, x.label, x.reason] as const));
  if (rows.length > 0) {
    await q.run(
      'INSERT INTO trace_scores (project_id, trace_id, name, version, value, label, reason) ' +
        'SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int4[], ?::float8[], ?::text[], ?::text[])',
      toBinaryColumns(['text', 'text', 'text', 'int4', 'float8', 'text', 'text'], rows),
    );
  }
  return kept.length;
}
