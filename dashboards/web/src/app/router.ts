/** A small history router: the page routes are the server's (src/http/routes/dashboard.ts). */
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  page: 'overview' | 'traces' | 'trace' | 'canary' | 'drift' | 'alerts' | 'review' | 'datasets' | 'notFound';
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export function matchRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, '') || '/';
  const simple: Record<string, Route['page']> = {
    '/': 'overview',
    '/traces': 'traces',
    '/canary': 'canary',
    '/drift': 'drift',
    '/alerts': 'alerts',
    '/review': 'review',
    '/datasets': 'datasets',
  };
  const page = simple[path];
  if (page) return { page, params: {}, query, path };
  const trace = /^\/traces\/([^/]+)$/.exec(path);
  if (trace) return { page: 'trace', params: { traceId: decodeURIComponent(trace[1]!) }, query, path };
  return { page: 'notFound', params: {}, query, path };
}

const listeners = new Set<() => void>();

/** Goes to an internal path (pushState) and re-renders. */
export function navigate(href: string, replace = false): void {
  if (!href.startsWith('/') || href.startsWith('//')) return; // internal paths only
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  for (const l of listeners) l();
  if (!replace) window.scrollTo(0, 0);
}

/** The current route; re-renders on navigation and back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => matchRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(matchRoute(location.pathname, location.search));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

/** A query string from an object, leaving out empty values. */
export function withQuery(path: string, q: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}
