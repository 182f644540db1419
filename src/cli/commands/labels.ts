/**
 * `tracegate labels import FILE [--project NAME]`: human labels from JSONL lines
 * `{"traceId", "rubric", "label", "labeller"?, "comment"?}` into the judge's calibration set.
 * Exit 0, or 2 on bad usage or a malformed line (nothing is imported then).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HumanLabelInputSchema, type HumanLabelInput } from '../../app/scoring/judge/HumanLabelInput.js';
import type { Command } from '../cliTypes.js';

const USAGE = 'usage: tracegate labels import FILE [--project NAME] [--database-url URL]\n';

export function parseLabelsArgs(argv: string[], env: NodeJS.ProcessEnv): { file: string; project: string; databaseUrl: string } | { error: string } {
  let p;
  try {
    p = parseArgs({ args: argv, allowPositionals: true, options: { project: { type: 'string' }, 'database-url': { type: 'string' } } });
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  const [verb, file, ...extra] = p.positionals;
  if (verb !== 'import' || !file || extra.length) return { error: 'expected: labels import FILE' };
  return { file, project: p.values.project ?? 'default', databaseUrl: p.values['database-url'] ?? env.DATABASE_URL ?? 'file:./tracegate.db' };
}

export const labelsCommand: Command = {
  name: 'labels',
  summary: 'labels import FILE: human labels (JSONL {traceId, rubric, label}) for judge calibration',
  async run(argv, io) {
    const args = parseLabelsArgs(argv, io.env);
    if ('error' in args) return (io.stderr(`tracegate labels: ${args.error}\n${USAGE}`), 2);
    let text: string;
    try {
      text = readFileSync(resolve(io.cwd, args.file), 'utf8');
    } catch (err) {
      return (io.stderr(`tracegate labels: cannot read ${args.file}: ${err instanceof Error ? err.message : String(err)}\n`), 2);
    }
    const labels: HumanLabelInput[] = [];
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]!.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(lines[i]!);
      } catch {
        return (io.stderr(`tracegate labels: line ${i + 1}: not JSON\n`), 2);
      }
      const parsed = HumanLabelInputSchema.safeParse(json);
      if (!parsed.success) return (io.stderr(`tracegate labels: line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}\n`), 2);
      labels.push(parsed.data);
    }
    const { openDatabase } = await import('../../store/openDatabase.js');
    const db = await openDatabase(args.databaseUrl);
    try {
      const project = await db.control.createProject(args.project);
      const now = Date.now();
      const saved = await db.judge.saveLabels(labels.map((l) => ({ projectId: project.id, traceId: l.traceId, rubricId: l.rubric, label: l.label, labeller: l.labeller, comment: l.comment ?? null, createdMs: now })));
      io.stdout(`imported ${saved} label(s) into project '${project.name}'\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
