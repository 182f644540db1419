/** The query and feedback API: GET /api/traces, GET /api/traces/:traceId, POST /api/feedback. */
import { Router, type Request, type Response, type NextFunction } from 'express';
import express from 'express';
import { z } from 'zod';
import { AppError } from '../../app/AppError.js';
import type { HttpDeps } from '../httpDeps.js';
import { toTraceJson, toTraceSummaryJson } from '../traceJson.js';
import { flagNegativeFeedback } from '../../app/review/flagNegativeFeedback.js';
import { reviewRouter } from './review.js';
import { datasetExportRouter } from './datasetExport.js';
import { withScoringJson } from '../scoringJson.js';
import { ACTIONS, type Action } from '../../domain/facts/types.js';
import { statsRouter } from './stats.js';

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

const isoTime = z
  .string()
  .refine((s) => /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time such as 2026-11-24T10:00:00Z')
  .transform((s) => Date.parse(s));

const ListQuerySchema = z.object({
  service: z.string().min(1).max(512).optional(),
  release: z.string().min(1).max(512).optional(),
  environment: z.string().min(1).max(512).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  cursor: z.string().min(1).max(512).regex(/^[A-Za-z0-9_-]+$/, 'expected a cursor returned by a previous page').optional(),
  action: z.enum(ACTIONS as [Action, ...Action[]]).optional(),
  flag: z.string().regex(/^[a-z0-9_]{1,64}$/, 'expected a flag name such as tool_error').optional(),
  scoring: z.enum(['waiting', 'scored', 'judged', 'sampled_out', 'over_budget', 'no_content', 'error']).optional(),
  error: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
}).strict();

const FeedbackBodySchema = z
  .object({
    traceId: z.string().regex(TRACE_ID, 'expected 32 hex characters'),
    value: z.enum(['up', 'down']).optional(),
    score: z.number().min(0).max(1).optional(),
    comment: z.string().max(10_000).optional(),
    userId: z.string().max(512).optional(),
  })
  .refine((b) => b.value !== undefined || b.score !== undefined, { message: 'give `value` (up|down) or `score` (0..1)', path: ['value'] });

function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.code === 'unrecognized_keys' ? `unknown parameter(s): ${i.keys.join(', ')}` : `${i.path.join('.') || 'body'}: ${i.message}`))
    .join('; ');
}

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

/** Router for the JSON API; every request authenticates to a project first. */
export function apiRouter(deps: HttpDeps): Router {
  const router = Router();
  router.use((req: Request, res: Response, next: NextFunction) => {
    deps.auth.authenticate(req.headers, req.socket.remoteAddress).then((auth) => {
      if (!auth.ok) return next(new AppError('UNAUTHORIZED', auth.message));
      res.locals.projectId = auth.projectId;
      next();
    }, next);
  });
  router.get(
    '/traces',
    wrap(async (req, res) => {
      const parsed = ListQuerySchema.safeParse(req.query);
      if (!parsed.success) throw new AppError('BAD_REQUEST', zodMessage(parsed.error));
      const q = parsed.data;
      const filter = {
        projectId: res.locals.projectId as string,
        service: q.service,
        release: q.release,
        environment: q.environment,
        fromMs: q.from,
        toMs: q.to,
        error: q.error,
        limit: q.limit,
        cursor: q.cursor,
      };
      if (deps.scoring) {
        const page = await deps.scoring.listTraces({ ...filter, action: q.action, flag: q.flag, scoring: q.scoring });
        res.json({ traces: page.traces.map((t) => withScoringJson(toTraceSummaryJson(t), t.scoring, { scores: false })), nextCursor: page.nextCursor });
        return;
      }
      if (q.action !== undefined || q.flag !== undefined || q.scoring !== undefined) throw new AppError('BAD_REQUEST', 'scoring filters need the scoring store');
      const page = await deps.spans.listTraces(filter);
      res.json({ traces: page.traces.map(toTraceSummaryJson), nextCursor: page.nextCursor });
    }),
  );
  router.get(
    '/traces/:traceId',
    wrap(async (req, res) => {
      const traceId = String(req.params.traceId);
      if (!TRACE_ID.test(traceId)) throw new AppError('BAD_REQUEST', `invalid trace id '${traceId.slice(0, 64)}': expected 32 hex characters`);
      const projectId = res.locals.projectId as string;
      const found = await deps.spans.getTrace(projectId, traceId.toLowerCase());
      if (!found) throw new AppError('NOT_FOUND', `trace ${traceId.toLowerCase()} not found`);
      const feedback = await deps.control.listFeedback(projectId, found.trace.traceId);
      const json = toTraceJson(found.trace, found.spans, feedback);
      res.json(deps.scoring ? withScoringJson(json, await deps.scoring.getScoring(projectId, found.trace.traceId), { scores: true }) : json);
    }),
  );
  router.use(statsRouter(deps));
  router.post(
    '/feedback',
    express.json({ limit: '64kb' }),
    wrap(async (req, res) => {
      const parsed = FeedbackBodySchema.safeParse(req.body);
      if (!parsed.success) throw new AppError('BAD_REQUEST', zodMessage(parsed.error));
      const b = parsed.data;
      const projectId = res.locals.projectId as string;
      const traceId = b.traceId.toLowerCase();
      if (!(await deps.spans.hasTrace(projectId, traceId))) throw new AppError('NOT_FOUND', `trace ${traceId} not found in this project: feedback needs a stored trace`);
      const saved = await deps.control.saveFeedback({
        projectId,
        traceId,
        value: b.value ?? null,
        score: b.score ?? null,
        comment: b.comment ?? null,
        userId: b.userId ?? null,
      });
      await flagNegativeFeedback(deps.review, { projectId: res.locals.projectId as string, traceId: b.traceId.toLowerCase(), feedbackId: saved.id, value: b.value ?? null, score: b.score ?? null, comment: b.comment ?? null, userId: b.userId ?? null }, deps.logger);
      res.status(201).json({ id: saved.id, createdAt: saved.createdAt.toISOString() });
    }),
  );
  router.use(reviewRouter(deps.review));
  router.use(datasetExportRouter(deps.review));
  return router;
}
