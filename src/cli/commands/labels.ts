/**
 * `tracegate labels import FILE [--project NAME]`: human labels from JSONL lines
 * `{"traceId", "rubric", "label", "labeller"?, "comment"?}` into the judge's calibration set.
 * Exit 0, or 2 on bad usage or a malformed line (nothing is imported then).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HumanLabelInputSchema, type HumanLabelInput } from '../../app/scoring/judge/HumanLabelInput.js';
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, resolveDatabaseUrl } from '../options.js';

export const labelsCommand: CommandDefinition = {
  name: 'labels',
  summary: 'labels import FILE: human labels (JSONL {traceId, rubric, label}) for judge calibration',
  define(cmd, ctx) {
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, { 0: 'done', 2: 'usage error or bad input' });
    const imp = cmd
      .command('import')
      .description('import human labels, JSONL lines {"traceId", "rubric", "label", "labeller"?, "comment"?}; any bad line imports nothing')
      .argument('<file>', 'the JSONL file')
      .option('--project <name>', 'project the labelled traces belong to (default: default)')
      .addOption(databaseUrlOption());
    exitCodes(imp, { 0: 'imported', 2: 'unreadable file or a malformed line (nothing is imported)' });
    ctx.action(imp, async ([file], o) => importLabels({ file: file!, project: (o.project as string | undefined) ?? 'default', databaseUrl: resolveDatabaseUrl(o, ctx.io.env) }, ctx.io));
  },
};

/** Validates every line of the file, then saves them all; the exit code. */
async function importLabels(args: { file: string; project: string; databaseUrl: string }, io: CliIo): Promise<number> {
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
}
