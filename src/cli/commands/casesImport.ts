/** `tracegate cases import --format llm-eval-ops FILE --out DATASET.jsonl`: converts a dataset to the native JSONL format. */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { computeDatasetVersion } from '../../domain/cases/computeDatasetVersion.js';
import { importLlmEvalOps } from '../../domain/cases/importLlmEvalOps.js';
import { formatIssue } from '../../domain/cases/InputIssue.js';
import { toDatasetLine } from '../../domain/cases/toDatasetLine.js';
import type { CliIo, Command } from '../cliTypes.js';

const USAGE = `usage: tracegate cases import --format llm-eval-ops FILE --out DATASET.jsonl
       tracegate cases export --format native|llm-eval-ops --dataset-version V --out FILE [--project NAME] [--database-url URL]
exit codes: 0 done, 1 version not found, 2 bad input (nothing is written)
`;

const FORMATS = ['llm-eval-ops'] as const;

function fail(io: CliIo, message: string): number {
  io.stderr(`tracegate cases import: ${message}\n${USAGE}`);
  return 2;
}

async function runImport(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { format: { type: 'string' }, out: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (err) {
    return fail(io, (err as Error).message);
  }
  const { format, out } = parsed.values;
  const [file, ...extra] = parsed.positionals;
  if (!format || !(FORMATS as readonly string[]).includes(format)) return fail(io, `--format must be one of ${FORMATS.join(', ')}`);
  if (!file || extra.length > 0) return fail(io, 'exactly one input FILE is required');
  if (!out) return fail(io, '--out DATASET.jsonl is required');
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    return fail(io, `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const result = importLlmEvalOps(text, file);
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
export const casesCommand: Command = {
  name: 'cases',
  summary: 'cases import --format llm-eval-ops FILE --out DATASET.jsonl | cases export --format native|llm-eval-ops --dataset-version V --out FILE',
  async run(argv, io) {
    const [verb, ...rest] = argv;
    if (verb === 'import') return runImport(rest, io);
    if (verb === 'export') return (await import('./casesExport.js')).runExport(rest, io);
    if (verb === '--help' || verb === '-h') {
      io.stdout(USAGE);
      return 0;
    }
    return fail(io, verb ? `unknown verb "${verb}"` : 'a verb is required');
  },
};
