/**
 * Per service and release, over time: traffic, refusal / escalation / tool-error / error rates and
 * latency p50 / p95 (the dashboard's overview charts). Stores return grouped counts and log-latency
 * histograms; this use-case turns them into rates and percentiles.
 */
import { logHistogramQuantile } from '../../domain/stats/logHistogram.js';

/** What a store is asked for: traces started in [fromMs, toMs), grouped in buckets of bucketMs. */
export interface ReleaseStatsQuery {
  projectId: string;
  fromMs: number;
  toMs: number;
  bucketMs: number;
  service?: string;
  environment?: string;
}

/** One group's counts as a store returns them. */
export interface ReleaseStatsCountRow {
  service: string | null;
  release: string | null;
  /** Bucket index: floor(startMs / bucketMs). */
  bucket: number;
  traces: number;
  refusals: number;
  escalations: number;
  toolErrorTraces: number;
  errorTraces: number;
}

/** One group's latency histogram bin as a store returns it. */
export interface ReleaseStatsLatencyRow {
  service: string | null;
  release: string | null;
  bucket: number;
  /** logBinOf(durationMs) */
  bin: number;
  count: number;
}

/** The store read behind the use-case (SQLite and PostgreSQL). */
export interface ReleaseStatsRows {
  counts: ReleaseStatsCountRow[];
  latency: ReleaseStatsLatencyRow[];
}

/** One point of a release's series. */
export interface ReleaseStatsPoint {
  /** Bucket start, ms since the epoch. */
  startMs: number;
  traces: number;
  refusalRate: number;
  escalationRate: number;
  toolErrorRate: number;
  errorRate: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** One service/release's series, points in time order (empty buckets left out). */
export interface ReleaseSeries {
  service: string | null;
  release: string | null;
  traces: number;
  points: ReleaseStatsPoint[];
}

const key = (service: string | null, release: string | null, bucket: number) => JSON.stringify([service, release, bucket]);

/** Turns a store's grouped rows into series (most traffic first). */
export function toReleaseSeries(rows: ReleaseStatsRows, bucketMs: number): ReleaseSeries[] {
  const hist = new Map<string, Array<[number, number]>>();
  for (const r of rows.latency) {
    const k = key(r.service, r.release, r.bucket);
    const list = hist.get(k) ?? [];
    list.push([r.bin, r.count]);
    hist.set(k, list);
  }
  const series = new Map<string, ReleaseSeries>();
  for (const c of rows.counts) {
    const sk = JSON.stringify([c.service, c.release]);
    let s = series.get(sk);
    if (!s) series.set(sk, (s = { service: c.service, release: c.release, traces: 0, points: [] }));
    const bins = hist.get(key(c.service, c.release, c.bucket)) ?? [];
    const n = c.traces;
    s.traces += n;
    s.points.push({
      startMs: c.bucket * bucketMs,
      traces: n,
      refusalRate: n ? c.refusals / n : 0,
      escalationRate: n ? c.escalations / n : 0,
      toolErrorRate: n ? c.toolErrorTraces / n : 0,
      errorRate: n ? c.errorTraces / n : 0,
      p50Ms: logHistogramQuantile(bins, 0.5),
      p95Ms: logHistogramQuantile(bins, 0.95),
    });
  }
  const out = [...series.values()];
  for (const s of out) s.points.sort((a, b) => a.startMs - b.startMs);
  return out.sort((a, b) => b.traces - a.traces || String(a.service).localeCompare(String(b.service)) || String(a.release).localeCompare(String(b.release)));
}

/** A bucket width giving about `targetPoints` points over the range, rounded to a readable step. */
export function pickBucketMs(fromMs: number, toMs: number, targetPoints = 48): number {
  const steps = [60_000, 300_000, 900_000, 1_800_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000, 7 * 86_400_000];
  const raw = Math.max(1, toMs - fromMs) / targetPoints;
  return steps.find((s) => s >= raw) ?? steps[steps.length - 1]!;
}
