/**
 * `tracegate datasets publish|list|diff`: immutable, content-hashed dataset versions of the approved cases.
 * Exit codes: 0 done, 1 not found, 2 bad input.
 */
import { parseArgs } from 'node:util';
import { diffDatasets, publishDataset } from '../../app/datasets/publishDataset.js';
import type { DatasetChangelog } from '../../domain/promotion/computeChangelog.js';
import { toDatasetJson } from '../../http/reviewJson.js';
import type { CliIo, Command } from '../cliTypes.js';
import { DB_OPTIONS, parseOrMessage, withReviewDeps } from '../withReviewDeps.js';

const USAGE = `usage:
  tracegate datasets publish [--name NAME] [--json]
  tracegate datasets list [--json]
  tracegate datasets diff V1 V2 [--json]
  (all take --project NAME (default: default) and --database-url URL (default: DATABASE_URL))
`;

function parseDatasetsArgs(verb: string, argv: string[]) {
  const { values, positionals } = parseArgs({ args: argv, options: { name: { type: 'string' }, json: { type: 'boolean' }, ...DB_OPTIONS }, allowPositionals: true, strict: true });
  if (verb === 'diff' && positionals.length !== 2) throw new Error('datasets diff needs two versions V1 V2');
  if (verb !== 'diff' && positionals.length > 0) throw new Error(`datasets ${verb} takes no positional arguments`);
  return { name: values.name, json: values.json ?? false, from: positionals[0] ?? '', to: positionals[1] ?? '', databaseUrl: values['database-url'], project: values.project };
}

function printChangelog(io: CliIo, c: DatasetChangelog): void {
  io.stdout(`  added ${c.added.length}, changed ${c.changed.length}, removed ${c.removed.length}, unchanged ${c.unchanged}\n`);
  for (const id of c.added) io.stdout(`  + ${id}\n`);
  for (const id of c.changed) io.stdout(`  ~ ${id}\n`);
  for (const id of c.removed) io.stdout(`  - ${id}\n`);
}

export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'datasets publish|list|diff: freeze approved cases into content-hashed versions',
  async run(argv, io) {
    const [verb, ...rest] = argv;
    if (verb === '--help' || verb === '-h') {
      io.stdout(USAGE);
      return 0;
    }
    if (!verb || !['publish', 'list', 'diff'].includes(verb)) {
      io.stderr(`tracegate datasets: ${verb ? `unknown verb "${verb}"` : 'a verb is required'}\n${USAGE}`);
      return 2;
    }
    const parsed = parseOrMessage(() => parseDatasetsArgs(verb, rest));
    if (!parsed.ok) {
      io.stderr(`tracegate datasets: ${parsed.message}\n${USAGE}`);
      return 2;
    }
    const a = parsed.value;
    return withReviewDeps(io, `datasets ${verb}`, a, async (deps, projectId) => {
      if (verb === 'publish') {
        const out = await publishDataset(deps, { projectId, name: a.name ?? null });
        if (a.json) io.stdout(`${JSON.stringify(out)}\n`);
        else {
          io.stdout(out.created ? `published ${out.version}${out.name ? ` (${out.name})` : ''}: ${out.caseCount} cases\n` : `unchanged: the latest version ${out.version} already holds these ${out.caseCount} cases\n`);
          if (out.created) printChangelog(io, out.changelog);
        }
        return 0;
      }
      if (verb === 'list') {
        const versions = (await deps.promotion.listDatasets(projectId)).map(toDatasetJson);
        if (a.json) io.stdout(`${JSON.stringify(versions)}\n`);
        else if (versions.length === 0) io.stdout('no dataset versions (publish one with `tracegate datasets publish`)\n');
        else for (const v of versions) io.stdout(`${v.version}  ${v.createdAt}  ${String(v.caseCount).padStart(5)} cases  +${v.changelog.added.length} ~${v.changelog.changed.length} -${v.changelog.removed.length}${v.name ? `  ${v.name}` : ''}\n`);
        return 0;
      }
      const out = await diffDatasets(deps, projectId, a.from, a.to);
      if (a.json) io.stdout(`${JSON.stringify(out)}\n`);
      else {
        io.stdout(`${out.from} -> ${out.to}\n`);
        printChangelog(io, out.changelog);
      }
      return 0;
    });
  },
};
