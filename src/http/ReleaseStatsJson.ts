/**
 * The JSON shape of GET /api/stats/releases. Type-only: the dashboard (dashboards/web) imports it too,
 * so server and browser share one contract.
 */
import type { ReleaseSeries, ReleaseStatsPoint } from '../app/stats/releaseStats.js';

/** One bucket of a release's series: `start` is the bucket start as ISO 8601. */
export type ReleasePointJson = Omit<ReleaseStatsPoint, 'startMs'> & { start: string };

/** One service/release's series, points in time order. */
export type ReleaseSeriesJson = Omit<ReleaseSeries, 'points'> & { points: ReleasePointJson[] };

/** The whole answer: the range, the bucket width in seconds and one series per service and release. */
export interface ReleaseStatsJson {
  from: string;
  to: string;
  bucketSeconds: number;
  series: ReleaseSeriesJson[];
}
