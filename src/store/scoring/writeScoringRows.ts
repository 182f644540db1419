/** Batch SQL for scoring rows: a (project_id, trace_id) key filter and the result write, per dialect. */
import type { SavedScoring, TraceKey } from '../../app/scoring/scoringPorts.js';
import { toBinaryArray, type PgArrayType } from '../postgres/toBinaryColumns.js';
import { LOCK_TRACES } from '../postgres/traceLocks.js';
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
/** The deterministic results, one JSON array per trace (JSON keeps every double exactly: shortest round-trip form). */
const scoresOf = (r: SavedScoring) => JSON.stringify(r.scoring.scores);
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

/** SQLite: one UPDATE ... FROM (VALUES ...) RETURNING per group of traces (and a DELETE when some were scored before). */
async function writeSqliteRows(q: SqlExecutor, holder: string, results: readonly SavedScoring[]): Promise<number> {
  let saved = 0;
  await inGroups(results, async (group) => {
    const values: SqlValue[] = [];
    for (const r of group) values.push(r.projectId, r.traceId, r.scoring.action, r.scoring.actionSource, r.scoring.actionReason, flagsOf(r), scoresOf(r), r.traceUpdatedMs, r.scoredMs);
    const savedKeys = await q.all<SavedKey>(
      `WITH v(project_id, trace_id, action, action_source, action_reason, flags, scores, trace_updated_ms, scored_ms) AS (VALUES ${tuples(group.length, 9)}) ` +
        "UPDATE trace_scoring SET status = 'scored', reason = 'scored', action = v.action, action_source = v.action_source, " +
        'action_reason = v.action_reason, flags = v.flags, scores = v.scores, trace_updated_ms = v.trace_updated_ms, scored_ms = v.scored_ms, scored_by = ?, ' +
        'score_count = score_count + 1, lease_holder = NULL, lease_expires_ms = NULL ' +
        'FROM v WHERE trace_scoring.project_id = v.project_id AND trace_scoring.trace_id = v.trace_id AND trace_scoring.lease_holder = ? ' +
        'RETURNING trace_scoring.project_id, trace_scoring.trace_id, trace_scoring.score_count',
      [...values, holder, holder],
    );
    if (savedKeys.length === 0) return;
    saved += savedKeys.length;
    const keptKeys = new Set(savedKeys.map((k) => `${k.project_id}/${k.trace_id}`));
    await deletePreviousScores(q, 'sqlite', group.filter((r) => keptKeys.has(`${r.projectId}/${r.traceId}`)), savedKeys);
  });
  return saved;
}

/**
 * Deletes the deterministic score rows that traces scored before trace_scoring.scores existed kept in
 * trace_scores, when such a trace is scored again (its results now live in the scores column). A trace
 * saved for the first time (score_count now 1) has none.
 */
async function deletePreviousScores(q: SqlExecutor, dialect: 'sqlite' | 'postgres', kept: readonly SavedScoring[], saved: readonly SavedKey[]): Promise<void> {
  const again = new Set(saved.filter((k) => Number(k.score_count) > 1).map((k) => `${k.project_id}/${k.trace_id}`));
  const rescored = kept.filter((r) => again.has(`${r.projectId}/${r.traceId}`));
  if (rescored.length === 0) return;
  const f = keyFilter(dialect, rescored);
  await q.run(`DELETE FROM trace_scores WHERE ${JUDGE_SCORES} AND ${f.where('project_id', 'trace_id')}`, f.params);
}

/**
 * Traces now scored at their current update are no longer pending. A span written since the load (a
 * newer updated_ms) keeps its trace pending, so it is scored again.
 */
async function clearPending(q: SqlExecutor, dialect: 'sqlite' | 'postgres', keys: readonly TraceKey[]): Promise<void> {
  const f = keyFilter(dialect, keys);
  await q.run(
    `UPDATE traces SET score_pending = FALSE WHERE ${f.where('project_id', 'trace_id')} AND EXISTS (SELECT 1 FROM trace_scoring s ` +
      'WHERE s.project_id = traces.project_id AND s.trace_id = traces.trace_id AND s.scored_ms IS NOT NULL AND s.trace_updated_ms >= traces.updated_ms)',
    f.params,
  );
}

/**
 * Writes results whose lease `holder` still holds (inside the caller's transaction); returns how many.
 * On PostgreSQL the traces are first locked as ingest locks them (advisory locks in key order), so
 * clearing their pending mark never deadlocks with a concurrent write of their spans.
 */
export async function writeScoringRows(q: SqlExecutor, dialect: 'sqlite' | 'postgres', holder: string, results: readonly SavedScoring[]): Promise<number> {
  if (dialect === 'sqlite') {
    const saved = await writeSqliteRows(q, holder, results);
    if (saved > 0) await clearPending(q, dialect, results);
    return saved;
  }
  const locks = keyFilter(dialect, results);
  await q.all(LOCK_TRACES, locks.params);
  const col = (type: PgArrayType, f: (r: SavedScoring) => unknown) => toBinaryArray(type, results.map(f));
  const savedKeys = await q.all<SavedKey>(
    "UPDATE trace_scoring u SET status = 'scored', reason = 'scored', action = v.action, action_source = v.action_source, " +
      'action_reason = v.action_reason, flags = v.flags, scores = v.scores, trace_updated_ms = v.trace_updated_ms, scored_ms = v.scored_ms, scored_by = ?, ' +
      'score_count = u.score_count + 1, lease_holder = NULL, lease_expires_ms = NULL ' +
      'FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::float8[]) ' +
      'AS v(project_id, trace_id, action, action_source, action_reason, flags, scores, trace_updated_ms, scored_ms) ' +
      'WHERE u.project_id = v.project_id AND u.trace_id = v.trace_id AND u.lease_holder = ? RETURNING u.project_id, u.trace_id, u.score_count',
    [
      holder, col('text', (r) => r.projectId), col('text', (r) => r.traceId), col('text', (r) => r.scoring.action), col('text', (r) => r.scoring.actionSource),
      col('text', (r) => r.scoring.actionReason), col('text', flagsOf), col('text', scoresOf), col('float8', (r) => r.traceUpdatedMs), col('float8', (r) => r.scoredMs), holder,
    ],
  );
  if (savedKeys.length === 0) return 0;
  const saved = new Set(savedKeys.map((k) => `${k.project_id}/${k.trace_id}`));
  const kept = results.filter((r) => saved.has(`${r.projectId}/${r.traceId}`));
  await deletePreviousScores(q, 'postgres', kept, savedKeys);
  await clearPending(q, dialect, kept);
  return kept.length;
}
