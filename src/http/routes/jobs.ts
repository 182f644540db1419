/** GET /api/jobs: every scheduled job with its schedule, last run, outcome, lag and stalled flag. */
import type express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { JobStatus } from '../../../jobs/jobStatus.js';

/** Mounts the route; `statuses` reads the run records (authentication ran in the /api router). */
export function jobsRoutes(statuses: () => Promise<JobStatus[]>): (app: express.Express) => void {
  return (app) => {
    app.get('/api/jobs', (_req: Request, res: Response, next: NextFunction) => {
      statuses().then((jobs) => res.json({ jobs }), next);
    });
  };
}
