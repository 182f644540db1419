/** A copy of a migrations folder holding only the migrations before the one named `*_${name}`, for tests of a migration over existing data. */
import { randomUUID } from 'node:crypto';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function migrationsBefore(source: string, name: string, into: string): string {
  const out = join(into, `before-${name}-${randomUUID()}`);
  cpSync(source, out, { recursive: true });
  const entries = readdirSync(out);
  const target = entries.find((e) => e.endsWith(`_${name}`) && /^\d+_/.test(e));
  if (target === undefined) throw new Error(`no migration named ${name} in ${source}`);
  for (const entry of entries) if (/^\d+_/.test(entry) && entry >= target) rmSync(join(out, entry), { recursive: true });
  return out;
}
