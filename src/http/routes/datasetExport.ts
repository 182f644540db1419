/**
 * GET /api/datasets/:version/export?format=native|llm-eval-ops: a stored dataset version as a file
 * download, the same bytes `tracegate cases export` writes (native: the version's JSONL; llm-eval-ops:
 * its JSON). Mounted inside the authenticated API router (res.locals.projectId is set).
 */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../app/AppError.js';
import { EXPORT_FORMATS, exportDataset, type ExportFormat } from '../../app/datasets/exportDataset.js';
import type { ReviewDeps } from '../../app/review/ReviewDeps.js';

const ExportQuerySchema = z.strictObject({ format: z.enum(EXPORT_FORMATS as unknown as [ExportFormat, ...ExportFormat[]]) });

/** Content type and file extension per format. */
const FILE_OF: Record<ExportFormat, { type: string; ext: string }> = {
  native: { type: 'application/x-ndjson; charset=utf-8', ext: 'jsonl' },
  'llm-eval-ops': { type: 'application/json; charset=utf-8', ext: 'json' },
};

/** The download's file name: `cases-<first 12 hex of the version>.<format>.<ext>` (no user text in it). */
export function exportFileName(version: string, format: ExportFormat): string {
  const hex = version.replace(/^sha256:/, '').replace(/[^0-9a-f]/gi, '').slice(0, 12) || 'dataset';
  return `cases-${hex}.${format}.${FILE_OF[format].ext}`;
}

/** Routes of dataset exports. */
export function datasetExportRouter(deps: Pick<ReviewDeps, 'promotion' | 'redactionRules'>): Router {
  const router = Router();
  router.get('/datasets/:version/export', (req: Request, res: Response, next: NextFunction) => {
    const q = ExportQuerySchema.safeParse(req.query);
    if (!q.success) return next(new AppError('BAD_REQUEST', `format: expected one of ${EXPORT_FORMATS.join(', ')}`));
    const format = q.data.format;
    exportDataset(deps, { projectId: res.locals.projectId as string, version: String(req.params.version), format }).then((out) => {
      res.setHeader('Content-Type', FILE_OF[format].type);
      res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(out.version, format)}"`);
      res.setHeader('X-Tracegate-Dataset-Version', out.version);
      res.setHeader('X-Tracegate-Case-Count', String(out.caseCount));
      res.send(out.text);
    }, next);
  });
  return router;
}
