/**
 * Review API: POST /api/traces/:traceId/flags, GET /api/review, GET /api/review/:id,
 * POST /api/review/:id/approve|reject, GET /api/datasets, GET /api/datasets/:version, POST /api/datasets.
 * Mounted inside the authenticated API router (res.locals.projectId is set).
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../app/AppError.js';
import { loadDataset, publishDataset } from '../../app/datasets/publishDataset.js';
import { approveReviewItem, findMatchesForItem, rejectReviewItem } from '../../app/review/decideReviewItem.js';
import { flagTrace } from '../../app/review/flagTrace.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../app/review/PromotionPort.js';
import type { ReviewDeps } from '../../app/review/ReviewDeps.js';
import { toTraceSummaryJson } from '../traceJson.js';
import { toAuditJson, toDatasetJson, toReviewItemJson } from '../reviewJson.js';

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

const FlagBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(10_000), reviewer: z.string().trim().min(1).max(200).optional() });
const ListQuerySchema = z.object({
  status: z.enum(REVIEW_STATUSES as [ReviewStatus, ...ReviewStatus[]]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const VersionSchema = z.object({ version: z.number().int().min(1).optional() });
const PublishBodySchema = z.strictObject({ name: z.string().trim().min(1).max(200).optional() });

function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);
const projectOf = (res: Response) => res.locals.projectId as string;
const body = (req: Request): Record<string, unknown> => (req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {});

/** Routes of the review queue and datasets. */
export function reviewRouter(deps: ReviewDeps): Router {
  const router = Router();
  const json = express.json({ limit: '256kb' });

  router.post(
    '/traces/:traceId/flags',
    json,
    wrap(async (req, res) => {
      const traceId = String(req.params.traceId);
      if (!TRACE_ID.test(traceId)) throw new AppError('BAD_REQUEST', `invalid trace id '${traceId.slice(0, 64)}': expected 32 hex characters`);
      const parsed = FlagBodySchema.safeParse(req.body ?? {});
      if (!parsed.success) throw new AppError('BAD_REQUEST', zodMessage(parsed.error));
      const actor = parsed.data.reviewer ?? 'api';
      const out = await flagTrace(deps, { projectId: projectOf(res), traceId, signal: { kind: 'manual', source: actor, reason: parsed.data.reason }, actor });
      res.status(201).json({ flagId: out.flagId, created: out.created, reviewItem: toReviewItemJson(out.item) });
    }),
  );

  router.get(
    '/review',
    wrap(async (req, res) => {
      const parsed = ListQuerySchema.safeParse(req.query);
      if (!parsed.success) throw new AppError('BAD_REQUEST', zodMessage(parsed.error));
      const items = await deps.promotion.listReviewItems(projectOf(res), parsed.data);
      res.json({ items: items.map(toReviewItemJson) });
    }),
  );

  router.get(
    '/review/:id',
    wrap(async (req, res) => {
      const item = await deps.promotion.getReviewItem(projectOf(res), String(req.params.id));
      if (!item) throw new AppError('NOT_FOUND', `review item ${String(req.params.id)} not found`);
      const trace = await deps.spans.getTrace(item.projectId, item.traceId);
      const [matches, audit] = await Promise.all([findMatchesForItem(deps, item), deps.promotion.listAudit(item.projectId, item.id)]);
      res.json({ ...toReviewItemJson(item), trace: trace ? toTraceSummaryJson(trace.trace) : null, nearDuplicates: matches, audit: audit.map(toAuditJson) });
    }),
  );

  router.post(
    '/review/:id/approve',
    json,
    wrap(async (req, res) => {
      const { version, ...labels } = body(req);
      const v = VersionSchema.safeParse({ version });
      if (!v.success) throw new AppError('BAD_REQUEST', zodMessage(v.error));
      const out = await approveReviewItem(deps, { projectId: projectOf(res), id: String(req.params.id), labels: labels as never, expectedVersion: v.data.version });
      res.json({ ...toReviewItemJson(out.item), duplicateOfMatch: out.duplicateOf, redaction: out.redaction });
    }),
  );

  router.post(
    '/review/:id/reject',
    json,
    wrap(async (req, res) => {
      const b = body(req);
      const v = VersionSchema.safeParse({ version: b.version });
      if (!v.success) throw new AppError('BAD_REQUEST', zodMessage(v.error));
      const item = await rejectReviewItem(deps, {
        projectId: projectOf(res),
        id: String(req.params.id),
        reason: typeof b.reason === 'string' ? b.reason : '',
        reviewer: typeof b.reviewer === 'string' ? b.reviewer : '',
        expectedVersion: v.data.version,
      });
      res.json(toReviewItemJson(item));
    }),
  );

  router.get(
    '/datasets',
    wrap(async (_req, res) => {
      const versions = await deps.promotion.listDatasets(projectOf(res));
      res.json({ versions: versions.map(toDatasetJson) });
    }),
  );

  router.post(
    '/datasets',
    json,
    wrap(async (req, res) => {
      const parsed = PublishBodySchema.safeParse(req.body ?? {});
      if (!parsed.success) throw new AppError('BAD_REQUEST', zodMessage(parsed.error));
      const out = await publishDataset(deps, { projectId: projectOf(res), name: parsed.data.name ?? null });
      res.status(out.created ? 201 : 200).json(out);
    }),
  );

  router.get(
    '/datasets/:version',
    wrap(async (req, res) => {
      const record = await loadDataset(deps, projectOf(res), String(req.params.version));
      const { content, ...rest } = record;
      res.json({ ...toDatasetJson(rest), cases: content.split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as unknown) });
    }),
  );
  return router;
}
