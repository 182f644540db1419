/** Changelog between two dataset versions: cases added, changed (same id, other content), removed. Pure. */
import type { Case } from '../cases/CaseSchema.js';

/** Case ids by change, each sorted. */
export interface DatasetChangelog {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}

/** Compares by id and canonical JSON; `previous` null means the first version (everything added). */
export function computeChangelog(previous: readonly Case[] | null, next: readonly Case[]): DatasetChangelog {
  const before = new Map((previous ?? []).map((c) => [c.id, JSON.stringify(c)]));
  const after = new Map(next.map((c) => [c.id, JSON.stringify(c)]));
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  let unchanged = 0;
  for (const [id, body] of after) {
    const old = before.get(id);
    if (old === undefined) added.push(id);
    else if (old !== body) changed.push(id);
    else unchanged++;
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort(), unchanged };
}
