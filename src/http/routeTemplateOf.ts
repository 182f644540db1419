/** The metrics label of a finished request: its route template, never its raw path. */
import type { Request } from 'express';
import { UNMATCHED_ROUTE } from '../app/metrics/ServiceMetrics.js';

/**
 * `/api/traces/:traceId` for a request that reached a route; every request that matched no route
 * (404s, requests refused before routing) shares UNMATCHED_ROUTE, so clients cannot grow the number
 * of series. Express resets `req.baseUrl` when a request leaves a router with an error, so the mount
 * path is then the part of the URL before the route's own segments (routers are mounted at fixed paths).
 */
export function routeTemplateOf(req: Request): string {
  const routePath = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof routePath !== 'string') return UNMATCHED_ROUTE;
  if (req.baseUrl) return `${req.baseUrl}${routePath}`;
  const segments = (req.originalUrl.split('?')[0] ?? '').split('/').filter(Boolean);
  const own = routePath.split('/').filter(Boolean).length;
  const mount = segments.slice(0, Math.max(0, segments.length - own));
  return `${mount.length ? `/${mount.join('/')}` : ''}${routePath}`;
}
