/**
 * GET /api/drift/series[?service=S&environment=E&windows=N]: per service and environment, every drift
 * metric's judged windows (value against the reference band, CUSUM, status), the traffic per window and
 * whether there was enough of it; the last N windows (default 48, at most 720). Read-only; the project
 * comes from the /api router's authentication (res.locals.projectId).
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../app/AppError.js';
import { loadDriftSeries, type DriftSeriesStore } from '../../app/canary/loadDriftSeries.js';

const name = z.string().min(1).max(512);
const SeriesQuery = z.strictObject({ service: name.optional(), environment: name.optional(), windows: z.coerce.number().int().min(1).max(720).default(48) });

/** Mounts the route (pass to createApp's `extra`). */
export function driftSeriesRoutes(store: DriftSeriesStore, clock: () => number = Date.now): (app: Express) => void {
  return (app) => {
    app.get('/api/drift/series', (req: Request, res: Response, next: NextFunction) => {
      const q = SeriesQuery.safeParse(req.query);
      if (!q.success) return next(new AppError('BAD_REQUEST', q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')));
      loadDriftSeries(store, { projectId: res.locals.projectId as string, service: q.data.service ?? null, environment: q.data.environment ?? null, windows: q.data.windows, nowMs: clock() })
        .then((series) => res.json(series), next);
    });
  };
}
