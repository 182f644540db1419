/**
 * The one typed client of the tracegate HTTP API. The API key (when the server needs one) is kept in
 * sessionStorage and sent as a header; it never goes into a URL or a log line.
 */
import type {
  ApproveLabels,
  DatasetVersion,
  DriftSeries,
  CanaryReport,
  ReleaseStats,
  ReviewItem,
  Row,
  TraceDetail,
  TraceListQuery,
  TracePage,
} from './types.js';

const KEY_STORAGE = 'tracegate.apiKey';

/** The API key for this browser session, or null. */
export function getApiKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

export function setApiKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
  for (const listener of keyListeners) listener();
}

const keyListeners = new Set<() => void>();
/** Called whenever the key changes or the server asks for one. */
export function onAuthChange(listener: () => void): () => void {
  keyListeners.add(listener);
  return () => keyListeners.delete(listener);
}

/** A failed API call: HTTP status plus the API's error code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The endpoint does not exist on this server (a feature not installed or not built yet). */
  get unavailable(): boolean {
    return this.status === 404 && this.message.startsWith('no route');
  }
  get unauthorized(): boolean {
    return this.status === 401;
  }
}

type Query = Record<string, string | number | undefined | null>;

function queryString(q: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

let authRequired = false;
/** True once the server answered 401 (a key is needed and missing or wrong). */
export function isAuthRequired(): boolean {
  return authRequired;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const key = getApiKey();
  if (key) headers['x-api-key'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: string; message?: string } } | null)?.error;
    if (res.status === 401) {
      authRequired = true;
      for (const listener of keyListeners) listener();
    }
    throw new ApiError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? (res.statusText || `HTTP ${res.status}`));
  }
  if (res.status === 401) authRequired = false;
  return json as T;
}

/** A file answered by the API (an export): its bytes and the server's file name. */
export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/** GETs a file with the key header (a plain link could not send it); errors as ApiError. */
async function download(path: string, fallbackName: string): Promise<DownloadedFile> {
  const headers: Record<string, string> = {};
  const key = getApiKey();
  if (key) headers['x-api-key'] = key;
  const res = await fetch(path, { headers, credentials: 'same-origin' });
  if (!res.ok) {
    const json = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    if (res.status === 401) {
      authRequired = true;
      for (const listener of keyListeners) listener();
    }
    throw new ApiError(res.status, json?.error?.code ?? `HTTP_${res.status}`, json?.error?.message ?? (res.statusText || `HTTP ${res.status}`));
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await res.blob(), fileName: name ?? fallbackName };
}

const enc = encodeURIComponent;

/** Every call the dashboard makes. */
export const api = {
  listTraces: (q: TraceListQuery) => request<TracePage>('GET', `/api/traces${queryString(q as Query)}`),
  getTrace: (traceId: string) => request<TraceDetail>('GET', `/api/traces/${enc(traceId)}`),
  flagTrace: (traceId: string, reason: string) => request<Row>('POST', `/api/traces/${enc(traceId)}/flags`, { reason }),
  releaseStats: (q: { from?: string; to?: string; service?: string; environment?: string }) =>
    request<ReleaseStats>('GET', `/api/stats/releases${queryString(q)}`),
  canary: (q: { baseline: string; canary: string; service?: string; environment?: string }) =>
    request<CanaryReport>('GET', `/api/canary${queryString(q)}`),
  canaries: () => request<unknown>('GET', '/api/canaries').then((r) => listOf(r, 'canaries')),
  canaryEvaluations: (id: string) => request<unknown>('GET', `/api/canaries/${enc(id)}/evaluations`).then((r) => listOf(r, 'evaluations')),
  drift: () => request<unknown>('GET', '/api/drift'),
  /** Per service/environment and metric, the judged windows against the reference (last `windows`). */
  driftSeries: (q: { service?: string; environment?: string; windows?: number } = {}) => request<DriftSeries>('GET', `/api/drift/series${queryString(q)}`),
  alerts: () => request<unknown>('GET', '/api/alerts'),
  review: (status?: string) => request<unknown>('GET', `/api/review${queryString({ status })}`).then((r) => listOf(r, 'items') as unknown as ReviewItem[]),
  reviewItem: (id: string) => request<ReviewItem>('GET', `/api/review/${enc(id)}`),
  /** `version` is the item version the reviewer saw: a concurrent decision answers 409. */
  approve: (id: string, labels: ApproveLabels, version?: number) => request<ReviewItem>('POST', `/api/review/${enc(id)}/approve`, { ...labels, version }),
  reject: (id: string, body: { reason: string; reviewer: string }, version?: number) => request<ReviewItem>('POST', `/api/review/${enc(id)}/reject`, { ...body, version }),
  datasets: () => request<unknown>('GET', '/api/datasets'),
  /** Freezes the approved cases into a new version (or answers the latest when nothing changed). */
  publishDataset: (body: { name?: string }) => request<DatasetVersion & { created: boolean }>('POST', '/api/datasets', body),
  /** A dataset version as a file: `native` (the version's JSONL) or `llm-eval-ops` (JSON). */
  exportDataset: (version: string, format: 'native' | 'llm-eval-ops') =>
    download(`/api/datasets/${enc(version)}/export${queryString({ format })}`, `cases.${format}.${format === 'native' ? 'jsonl' : 'json'}`),
  jobs: () => request<unknown>('GET', '/api/jobs').then((r) => listOf(r, 'jobs')),
  health: () => request<{ status: string }>('GET', '/healthz'),
};

/** Lists come bare or wrapped ({items: [...]}, {canaries: [...]}); both are accepted. */
export function listOf(value: unknown, ...keys: string[]): Row[] {
  if (Array.isArray(value)) return value as Row[];
  if (value && typeof value === 'object') {
    for (const k of [...keys, 'items', 'data', 'results']) {
      const inner = (value as Row)[k];
      if (Array.isArray(inner)) return inner as Row[];
    }
  }
  return [];
}
