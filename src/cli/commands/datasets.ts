/**
 * `tracegate datasets publish|list|diff`: immutable, content-hashed dataset versions of the approved cases.
 * Exit codes: 0 done, 1 not found, 2 bad input.
 */
import type { Command as CommanderCommand } from 'commander';
import { diffDatasets, publishDataset } from '../../app/datasets/publishDataset.js';
import type { DatasetChangelog } from '../../domain/promotion/computeChangelog.js';
import { toDatasetJson } from '../../http/reviewJson.js';
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, jsonOption, projectOption } from '../options.js';
import { withReviewDeps } from '../withReviewDeps.js';

function printChangelog(io: CliIo, c: DatasetChangelog): void {
  io.stdout(`  added ${c.added.length}, changed ${c.changed.length}, removed ${c.removed.length}, unchanged ${c.unchanged}\n`);
  for (const id of c.added) io.stdout(`  + ${id}\n`);
  for (const id of c.changed) io.stdout(`  ~ ${id}\n`);
  for (const id of c.removed) io.stdout(`  - ${id}\n`);
}

/** Adds `--json`, `--project` and `--database-url` and the exit codes to a verb. */
function common(cmd: CommanderCommand, json: string, codes: Record<number, string>): CommanderCommand {
  cmd.addOption(jsonOption(json)).addOption(projectOption()).addOption(databaseUrlOption());
  return exitCodes(cmd, codes);
}

export const datasetsCommand: CommandDefinition = {
  name: 'datasets',
  summary: 'datasets publish|list|diff: freeze approved cases into content-hashed versions',
  define(cmd, ctx) {
    const { io } = ctx;
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, { 0: 'done', 1: 'not found', 2: 'bad input' });

    const publish = cmd
      .command('publish')
      .description('freeze the approved cases into a new immutable, content-hashed version with a changelog against the previous one (no new version when nothing changed)')
      .option('--name <name>', 'a name for the version');
    common(publish, 'print {"version", "name", "created", "caseCount", "previousVersion", "changelog"}', { 0: 'published, or unchanged', 2: 'bad input' });
    ctx.action(publish, async (_args, o) => withReviewDeps(io, 'datasets publish', o, async (deps, projectId) => {
      const out = await publishDataset(deps, { projectId, name: (o.name as string | undefined) ?? null });
      if (o.json === true) io.stdout(`${JSON.stringify(out)}\n`);
      else {
        io.stdout(out.created ? `published ${out.version}${out.name ? ` (${out.name})` : ''}: ${out.caseCount} cases\n` : `unchanged: the latest version ${out.version} already holds these ${out.caseCount} cases\n`);
        if (out.created) printChangelog(io, out.changelog);
      }
      return 0;
    }));

    const list = cmd.command('list').description('the dataset versions, newest first, with their changelogs');
    common(list, 'print an array of versions', { 0: 'listed', 2: 'bad input' });
    ctx.action(list, async (_args, o) => withReviewDeps(io, 'datasets list', o, async (deps, projectId) => {
      const versions = (await deps.promotion.listDatasets(projectId)).map(toDatasetJson);
      if (o.json === true) io.stdout(`${JSON.stringify(versions)}\n`);
      else if (versions.length === 0) io.stdout('no dataset versions (publish one with `tracegate datasets publish`)\n');
      else for (const v of versions) io.stdout(`${v.version}  ${v.createdAt}  ${String(v.caseCount).padStart(5)} cases  +${v.changelog.added.length} ~${v.changelog.changed.length} -${v.changelog.removed.length}${v.name ? `  ${v.name}` : ''}\n`);
      return 0;
    }));

    const diff = cmd
      .command('diff')
      .description('the changelog between two versions (added, changed, removed)')
      .argument('<v1>', 'the older version, in full or a unique prefix (8+ hex characters)')
      .argument('<v2>', 'the newer version, likewise');
    common(diff, 'print {"from", "to", "changelog"}', { 0: 'compared', 1: 'a version not found', 2: 'bad input' });
    ctx.action(diff, async ([from, to], o) => withReviewDeps(io, 'datasets diff', o, async (deps, projectId) => {
      const out = await diffDatasets(deps, projectId, from!, to!);
      if (o.json === true) io.stdout(`${JSON.stringify(out)}\n`);
      else {
        io.stdout(`${out.from} -> ${out.to}\n`);
        printChangelog(io, out.changelog);
      }
      return 0;
    }));
  },
};
