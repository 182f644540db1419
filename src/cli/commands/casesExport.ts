/** `tracegate cases export --format native|llm-eval-ops --dataset-version V --out FILE`: writes a stored dataset version. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportDataset, type ExportFormat } from '../../app/datasets/exportDataset.js';
import type { CliIo } from '../cliTypes.js';
import { withReviewDeps } from '../withReviewDeps.js';

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
