/**
 * The per-trace advisory locks every PostgreSQL writer of a trace row takes first, in key order, so
 * writers of the same traces serialize and never deadlock ($1 project ids, $2 trace ids: parallel arrays).
 */
export const LOCK_TRACES =
  'SELECT pg_advisory_xact_lock(hashtextextended(k.p || chr(10) || k.t, 0)) FROM unnest($1::text[], $2::text[]) AS k(p, t) ORDER BY k.p, k.t';
