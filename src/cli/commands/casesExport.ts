/** `tracegate cases export --format native|llm-eval-ops --dataset-version V --out FILE`: writes a stored dataset version. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, exportDataset, type ExportFormat } from '../../app/datasets/exportDataset.js';
import type { CliIo } from '../cliTypes.js';
import { DB_OPTIONS, parseOrMessage, withReviewDeps } from '../withReviewDeps.js';

const USAGE = 'usage: tracegate cases export --format native|llm-eval-ops --dataset-version V --out FILE [--project NAME] [--database-url URL]\n';

function parseExportArgs(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { format: { type: 'string' }, 'dataset-version': { type: 'string' }, out: { type: 'string' }, ...DB_OPTIONS },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new Error('cases export takes no positional arguments');
  if (!values.format || !(EXPORT_FORMATS as readonly string[]).includes(values.format)) throw new Error(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
  if (!values['dataset-version']) throw new Error('--dataset-version V is required (see `tracegate datasets list`)');
  if (!values.out) throw new Error('--out FILE is required');
  return { format: values.format as ExportFormat, version: values['dataset-version'], out: values.out, databaseUrl: values['database-url'], project: values.project };
}

/** Runs the export verb. */
export async function runExport(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseOrMessage(() => parseExportArgs(argv));
  if (!parsed.ok) {
    io.stderr(`tracegate cases export: ${parsed.message}\n${USAGE}`);
    return 2;
  }
  return exportVersion(parsed.value, io);
}

/** Writes stored dataset version `a.version` in `a.format` to `a.out`; the exit code. */
export async function exportVersion(a: { format: ExportFormat; version: string; out: string; databaseUrl?: string; project?: string }, io: CliIo): Promise<number> {
  return withReviewDeps(io, 'cases export', a, async (deps, projectId) => {
    const out = await exportDataset(deps, { projectId, version: a.version, format: a.format });
    const outPath = path.resolve(io.cwd, a.out);
    await mkdir(path.dirname(outPath), { recursive: true });
    await writeFile(outPath, out.text);
    io.stdout(`exported ${out.caseCount} cases of ${out.version} as ${a.format} to ${a.out}\n`);
    return 0;
  });
}
