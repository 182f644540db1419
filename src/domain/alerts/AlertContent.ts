import type { AlertStatus } from './decideAlert.js';

/** One metric line of an alert: what failed (or drifted), by how much, with its interval. */
export interface AlertMetricLine {
  metric: string;
  verdict: string;
  critical: boolean;
  /** Effect oriented so that > 0 is harm (rate difference, or relative change for latency). */
  effect: number | null;
  interval: [number, number] | null;
  reason: string;
}

/** A link to an example trace: the API URL and the dashboard URL. */
export interface TraceLink {
  traceId: string;
  apiUrl: string;
  dashboardUrl: string;
}

/** What every notification carries, whatever the channel. */
export interface AlertContent {
  ruleId: string;
  /** Stable key of what the rule watches (a canary, or service/environment/metric); with ruleId it names the alert. */
  subject: string;
  kind: 'trigger' | 'renotify' | 'resolve';
  status: AlertStatus;
  source: 'canary' | 'drift';
  title: string;
  summary: string;
  service: string | null;
  environment: string | null;
  baseline: string | null;
  canary: string | null;
  verdict: string | null;
  policyVersion: string | null;
  metrics: AlertMetricLine[];
  worstTraces: TraceLink[];
  /** Milliseconds since the epoch. */
  atMs: number;
}

/** API and dashboard links of a trace under the public base URL (no trailing slash). */
export function toTraceLink(publicUrl: string, traceId: string): TraceLink {
  const base = publicUrl.replace(/\/+$/, '');
  return { traceId, apiUrl: `${base}/api/traces/${traceId}`, dashboardUrl: `${base}/traces/${traceId}` };
}
