/** The express app factory: OTLP receivers, JSON API, health and metrics, one error middleware. */
import express, { type NextFunction, type Request, type Response } from 'express';
import { AppError } from '../app/AppError.js';
import { HTTP_STATUS } from './errorStatus.js';
import type { HttpDeps } from './httpDeps.js';
import { routeTemplateOf } from './routeTemplateOf.js';
import { apiRouter } from './routes/api.js';
import { otlpHandler } from './routes/otlp.js';
import { mountReadyz } from './routes/readyz.js';

/** Builds the app; `extra` mounts later routers (dashboard, jobs) without touching this file. */
export function createApp(deps: HttpDeps, extra: Array<(app: express.Express) => void> = []): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use((req, res, next) => {
    const started = performance.now();
    res.on('finish', () => {
      const route = routeTemplateOf(req);
      const ms = performance.now() - started;
      deps.metrics.observeRequest(route, res.statusCode, ms / 1000);
      // Headers help diagnose clients; the logger redacts credentials (authorization, x-api-key, cookies).
      deps.logger.debug('request', { method: req.method, path: req.originalUrl.slice(0, 512), route, status: res.statusCode, ms: Math.round(ms * 10) / 10, headers: req.headers });
    });
    next();
  });

  app.post('/v1/traces', otlpHandler(deps, 'traces'));
  app.post('/v1/logs', otlpHandler(deps, 'logs'));
  app.post('/v1/metrics', otlpHandler(deps, 'metrics'));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', queueDepthSpans: deps.queue.depthSpans });
  });
  mountReadyz(app, deps);
  app.get('/metrics', (_req, res, next) => {
    deps.metrics.render().then((text) => res.type(deps.metrics.contentType).send(text), next);
  });

  app.use('/api', apiRouter(deps));
  for (const mount of extra) mount(app);

  app.use((req: Request, _res: Response, next: NextFunction) => {
    next(new AppError('NOT_FOUND', `no route for ${req.method} ${req.path}`));
  });
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof AppError) {
      if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(HTTP_STATUS[error.code]).json({ error: { code: error.code, message: error.message } });
      return;
    }
    const status = (error as { status?: number; type?: string }).status;
    if (status === 400 || status === 413 || status === 415) {
      // body-parser errors (malformed JSON, too large)
      res.status(status).json({ error: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: (error as Error).message } });
      return;
    }
    deps.logger.error('unhandled error', { error: error instanceof Error ? error.stack : String(error) });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error' } });
  });
  return app;
}
