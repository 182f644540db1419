/** GET /api/stats/releases: per service and release, rates and latency over time (dashboard overview). */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../app/AppError.js';
import { pickBucketMs, toReleaseSeries } from '../../app/stats/releaseStats.js';
import type { HttpDeps } from '../httpDeps.js';
import type { ReleaseStatsJson } from '../ReleaseStatsJson.js';

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO 8601 time such as 2026-11-24T10:00:00Z')
  .transform((s) => Date.parse(s));

const DAY_MS = 86_400_000;

const StatsQuerySchema = z.object({
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** Bucket width in seconds (60 .. 7 days); picked from the range when absent. */
  bucket: z.coerce.number().int().min(60).max(7 * 86_400).optional(),
  service: z.string().min(1).max(512).optional(),
  environment: z.string().min(1).max(512).optional(),
});

/** Mounted inside the authenticated /api router. */
export function statsRouter(deps: HttpDeps): Router {
  const router = Router();
  router.get('/stats/releases', (req: Request, res: Response, next: NextFunction) => {
    const parsed = StatsQuerySchema.safeParse(req.query);
    if (!parsed.success) return next(new AppError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')));
    const q = parsed.data;
    const toMs = q.to ?? Date.now();
    const fromMs = q.from ?? toMs - DAY_MS;
    if (!(fromMs < toMs)) return next(new AppError('BAD_REQUEST', '`from` must be before `to`'));
    if (toMs - fromMs > 366 * DAY_MS) return next(new AppError('BAD_REQUEST', 'the range may span at most 366 days'));
    const bucketMs = q.bucket !== undefined ? q.bucket * 1000 : pickBucketMs(fromMs, toMs);
    if ((toMs - fromMs) / bucketMs > 2000) return next(new AppError('BAD_REQUEST', 'at most 2000 buckets: widen `bucket` or narrow the range'));
    const read = deps.spans.releaseStats?.bind(deps.spans);
    if (!read) return next(new AppError('UNAVAILABLE', 'this store does not serve release statistics'));
    read({ projectId: res.locals.projectId as string, fromMs, toMs, bucketMs, service: q.service, environment: q.environment }).then((rows) => {
      const body: ReleaseStatsJson = {
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        bucketSeconds: bucketMs / 1000,
        series: toReleaseSeries(rows, bucketMs).map((s) => ({
          ...s,
          points: s.points.map(({ startMs, ...p }) => ({ start: new Date(startMs).toISOString(), ...p })),
        })),
      };
      res.json(body);
    }, next);
  });
  return router;
}
