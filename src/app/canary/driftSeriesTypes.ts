/**
 * The shapes of GET /api/drift/series (built by loadDriftSeries). Type-only and import-free: the dashboard
 * (dashboards/web) imports them too, so server and browser share one contract.
 */

/** One judged window of one metric; `value` is the rate, the latency quantile (ms) or the mix's JS distance. */
export interface DriftPoint {
  windowStart: string;
  windowEnd: string;
  status: string;
  value: number | null;
  /** Rates: the reference rate; latency: the band's centre; mixes: null. */
  reference: number | null;
  /** The band a window is judged against: rates [reference, reference + failAbs]; latency mean ± k·sd. */
  bandLower: number | null;
  bandUpper: number | null;
  /** Rates: the Bernoulli CUSUM after this window (alarm at `cusumThreshold`); null otherwise. */
  cusum: number | null;
  /** Mixes: each category's share in the reference and in the window, largest change first. */
  shares?: Array<{ category: string; referenceShare: number; windowShare: number }>;
  reason: string | null;
}

/** A metric's history. */
export interface DriftMetricSeries {
  metric: string;
  kind: 'rate' | 'latency' | 'mix';
  status: string;
  critical: boolean;
  informational: boolean;
  points: DriftPoint[];
}

/** One service and environment. */
export interface DriftGroup {
  service: string | null;
  environment: string | null;
  /** The last judged window: its traffic, the reference's traffic and where the reference came from. */
  latest: { windowStart: string; windowEnd: string; traces: number; referenceTraces: number; reference: unknown } | null;
  /** The window in progress (judged once complete). */
  current: { windowStart: string; windowEnd: string; traces: number };
  /** True when the last judged window held at least `minPerWindow` traces and the reference was not empty. */
  enoughTraffic: boolean;
  metrics: DriftMetricSeries[];
}

/** The whole answer, with the policy figures a reader needs to read the charts. */
export interface DriftSeries {
  windowMs: number;
  minPerWindow: number;
  failAbs: number;
  cusumThreshold: number;
  latencyMinChunks: number;
  mixWatchDistance: number;
  groups: DriftGroup[];
}
