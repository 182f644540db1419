/**
 * The web dashboard: the built single-page app from dashboards/dist served at `/` on the API's port.
 * Every dashboard response carries a Content-Security-Policy that forbids inline script (the built
 * HTML has none); the page routes below answer with index.html and the app routes in the browser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';

/** Where `npm run build:dashboard` writes the app. */
export const DASHBOARD_DIST = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../dashboards/dist');

/** The dashboard's page routes (a contract: users bookmark them). */
export const DASHBOARD_ROUTES = ['/', '/traces', '/traces/:traceId', '/canary', '/drift', '/alerts', '/review', '/datasets'];

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function secureHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

/** Mounts the dashboard (pass to createApp's `extra`). `dist` is overridable for tests. */
export function mountDashboard(dist: string = DASHBOARD_DIST): (app: Express) => void {
  return (app) => {
    const indexPath = join(dist, 'index.html');
    let cached: string | null = null;
    const index = (): string | null => {
      if (cached === null && existsSync(indexPath)) cached = readFileSync(indexPath, 'utf8');
      return cached;
    };
    app.use('/assets', secureHeaders, express.static(join(dist, 'assets'), { immutable: true, maxAge: '1y', index: false, fallthrough: true }));
    app.get(DASHBOARD_ROUTES, secureHeaders, (_req, res) => {
      const html = index();
      if (html === null) {
        res
          .status(503)
          .type('text/plain')
          .send('The dashboard is not built yet: run `npm run build:dashboard` (npm start builds it when missing). The API is served under /api.\n');
        return;
      }
      res.setHeader('Cache-Control', 'no-cache');
      res.type('html').send(html);
    });
  };
}
