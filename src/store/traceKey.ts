/** A trace's identity in storage: (project id, trace id). Two projects sending one trace id have two traces. */

/** (project id, trace id) as one string: `${projectId}\n${traceId}` (neither holds a newline). */
export type TraceKey = string;

/** The key of (projectId, traceId). */
export const traceKey = (projectId: string, traceId: string): TraceKey => `${projectId}\n${traceId}`;

/** The project id and trace id of a key. */
export function splitTraceKey(key: TraceKey): { projectId: string; traceId: string } {
  const cut = key.lastIndexOf('\n');
  return { projectId: key.slice(0, cut), traceId: key.slice(cut + 1) };
}

/** Project ids and trace ids of `keys` as two parallel arrays (what the stores bind), in key order. */
export function keyColumns(keys: Iterable<TraceKey>): { projectIds: string[]; traceIds: string[] } {
  const projectIds: string[] = [];
  const traceIds: string[] = [];
  for (const key of [...keys].sort()) {
    const { projectId, traceId } = splitTraceKey(key);
    projectIds.push(projectId);
    traceIds.push(traceId);
  }
  return { projectIds, traceIds };
}
