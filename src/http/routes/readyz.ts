/** GET /readyz: ready when the database answers a trivial query within READY_TIMEOUT_MS (503 otherwise), for orchestrators. */
import type express from 'express';
import type { HttpDeps } from '../httpDeps.js';

/** Milliseconds the database has to answer. */
export const READY_TIMEOUT_MS = 2_000;

/** Mounts GET /readyz. */
export function mountReadyz(app: express.Express, deps: Pick<HttpDeps, 'control' | 'queue'>): void {
  app.get('/readyz', async (_req, res) => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deps.control.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        }),
      ]);
      res.json({ status: 'ready', database: 'ok', databaseMs: Math.round(performance.now() - started), queueDepthSpans: deps.queue.depthSpans });
    } catch {
      res.status(503).setHeader('Retry-After', '1');
      res.json({ status: 'unavailable', database: 'unreachable', message: `the database did not answer a trivial query within ${READY_TIMEOUT_MS} ms` });
    } finally {
      clearTimeout(timer);
    }
  });
}
