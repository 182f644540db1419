/** POST /api/labels (human labels: the judge's calibration set) and GET /api/judges (agreement per judge version, over the caller's project). */
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../app/AppError.js';
import { HumanLabelInputSchema } from '../../app/scoring/judge/HumanLabelInput.js';
import type { JudgeStore } from '../../app/scoring/judge/judgePorts.js';
import { listJudges } from '../../app/scoring/judge/listJudges.js';

const BodySchema = z.union([HumanLabelInputSchema, z.object({ labels: z.array(HumanLabelInputSchema).min(1).max(10_000) }).strict()]);

/** Mounts the routes (authentication ran in the /api router; labels go to the caller's project). */
export function judgesRoutes(store: JudgeStore, calibration: { minKappa: number; minLabels: number }): (app: express.Express) => void {
  return (app) => {
    app.post('/api/labels', express.json({ limit: '4mb' }), (req: Request, res: Response, next: NextFunction) => {
      const parsed = BodySchema.safeParse(req.body);
      if (!parsed.success) return next(new AppError('BAD_REQUEST', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')));
      const list = 'labels' in parsed.data ? parsed.data.labels : [parsed.data];
      const projectId = res.locals.projectId as string;
      const now = Date.now();
      store
        .saveLabels(list.map((l) => ({ projectId, traceId: l.traceId, rubricId: l.rubric, label: l.label, labeller: l.labeller, comment: l.comment ?? null, createdMs: now })))
        .then((saved) => res.status(201).json({ saved }), next);
    });
    app.get('/api/judges', (_req: Request, res: Response, next: NextFunction) => {
      listJudges(store, res.locals.projectId as string, calibration).then((judges) => res.json({ judges }), next);
    });
  };
}
