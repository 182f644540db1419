/** `tracegate cases import --format llm-eval-ops FILE --out DATASET.jsonl`: converts a dataset to the native JSONL format. */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { computeDatasetVersion } from '../../domain/cases/computeDatasetVersion.js';
import { importLlmEvalOps } from '../../domain/cases/importLlmEvalOps.js';
import { formatIssue } from '../../domain/cases/InputIssue.js';
import { toDatasetLine } from '../../domain/cases/toDatasetLine.js';
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, resolveDatabaseUrl } from '../options.js';

const FORMATS = ['llm-eval-ops'] as const;

async function runImport(file: string, out: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    io.stderr(`tracegate cases import: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
    return 2;
  }
  const result = importLlmEvalOps(text, file); // the only format (`format` is checked by the parser)
  if (!result.ok) {
    io.stderr(`tracegate cases import: rejected, nothing written\n${result.issues.map((i) => `  ${formatIssue(i)}`).join('\n')}\n`);
    return 2;
  }
  const jsonl = result.cases.map(toDatasetLine).join('\n') + '\n';
  const outPath = path.resolve(io.cwd, out);
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, jsonl);
  io.stdout(`imported ${result.cases.length} cases from ${file} into ${out} (version ${computeDatasetVersion(jsonl)})\n`);
  return 0;
}

/** `tracegate cases <verb>`: `import` (a file) or `export` (a stored dataset version). */
export const casesCommand: CommandDefinition = {
  name: 'cases',
  summary: 'cases import --format llm-eval-ops FILE --out DATASET.jsonl',
  define(cmd, ctx) {
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, { 0: 'done', 1: 'cases export: version not found', 2: 'usage error or bad input (nothing is written)' });
    const imp = cmd
      .command('import')
      .description('convert a dataset from another format to the native case JSONL (see docs/gate.md); any problem rejects the whole file')
      .argument('<file>', 'the dataset to import')
      .addOption(new Option('--format <format>', 'format of FILE').choices(FORMATS).makeOptionMandatory())
      .requiredOption('--out <dataset.jsonl>', 'where the native dataset is written');
    exitCodes(imp, { 0: 'imported', 2: 'bad input (nothing is written)' });
    ctx.action(imp, async ([file], options) => runImport(file!, options.out as string, ctx.io));
    const exp = cmd
      .command('export')
      .description('write a stored dataset version (see tracegate datasets list) to a file')
      .addOption(new Option('--format <format>', 'output format').choices(['native', 'llm-eval-ops']).makeOptionMandatory())
      .requiredOption('--dataset-version <v>', 'the dataset version to export')
      .requiredOption('--out <file>', 'where it is written')
      .option('--project <name>', 'project (default: default)')
      .addOption(databaseUrlOption());
    exitCodes(exp, { 0: 'exported', 1: 'version not found', 2: 'bad input' });
    ctx.action(exp, async (_args, o) =>
      (await import('./casesExport.js')).exportVersion(
        { format: o.format as 'native', version: o.datasetVersion as string, out: o.out as string, databaseUrl: resolveDatabaseUrl(o, ctx.io.env), project: o.project as string | undefined },
        ctx.io,
      ));
  },
};
