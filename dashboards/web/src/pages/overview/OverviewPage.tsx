/** Overview: per service and release, traffic, rates and latency over time; canaries, drift, alerts. */
import { useMemo, useState } from 'preact/hooks';
import { api, listOf } from '../../api/client.js';
import type { ReleaseStats, Row } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { fmtMs, fmtPct } from '../../components/format.js';
import { LineChart, type ChartSeries } from '../../components/LineChart.js';
import { Link } from '../../components/Link.js';
import { EmptyState, ErrorState, GettingStarted, Loading } from '../../components/States.js';
import { Verdict } from '../../components/Verdict.js';

const RANGES: Array<[string, number]> = [
  ['1 hour', 3_600_000],
  ['6 hours', 6 * 3_600_000],
  ['24 hours', 86_400_000],
  ['7 days', 7 * 86_400_000],
  ['30 days', 30 * 86_400_000],
];

type Metric = 'traces' | 'refusalRate' | 'escalationRate' | 'toolErrorRate' | 'p50Ms' | 'p95Ms';
const CHARTS: Array<[Metric, string, (v: number) => string]> = [
  ['traces', 'Traffic (traces per bucket)', (v) => String(Math.round(v))],
  ['refusalRate', 'Refusal rate', (v) => fmtPct(v)],
  ['escalationRate', 'Escalation rate', (v) => fmtPct(v)],
  ['toolErrorRate', 'Tool-error rate (traces with a failed tool call)', (v) => fmtPct(v)],
  ['p50Ms', 'Latency p50', fmtMs],
  ['p95Ms', 'Latency p95', fmtMs],
];

/** Aligns every series on one time axis (uPlot's data layout). */
export function toChartData(stats: ReleaseStats, metric: Metric): { x: number[]; series: ChartSeries[] } {
  const times = new Set<number>();
  for (const s of stats.series) for (const p of s.points) times.add(Date.parse(p.start));
  const x = [...times].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [t, i]));
  const series = stats.series.slice(0, 10).map((s) => {
    const values: Array<number | null> = x.map(() => null);
    for (const p of s.points) values[index.get(Date.parse(p.start))!] = p[metric] as number | null;
    return { label: `${s.service ?? '(no service)'} @ ${s.release ?? '(no release)'}`, values };
  });
  return { x: x.map((t) => t / 1000), series };
}

export function OverviewPage() {
  const [rangeMs, setRangeMs] = useState(86_400_000);
  const [now] = useState(() => Date.now());
  const stats = useAsync(() => api.releaseStats({ from: new Date(now - rangeMs).toISOString(), to: new Date(now + 60_000).toISOString() }), [rangeMs, now]);
  const anyTrace = useAsync(() => api.listTraces({ limit: 1 }), []);
  const canaries = useAsync(() => api.canaries(), []);
  const drift = useAsync(() => api.drift(), []);
  const alerts = useAsync(() => api.alerts(), []);
  return (
    <section data-testid="overview">
      <div class="page-head">
        <h1>Overview</h1>
        <label>
          Range{' '}
          <select value={String(rangeMs)} onChange={(e) => setRangeMs(Number((e.currentTarget as HTMLSelectElement).value))}>
            {RANGES.map(([label, ms]) => (
              <option key={ms} value={String(ms)}>
                last {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {anyTrace.status === 'ok' && anyTrace.data.traces.length === 0 ? <GettingStarted /> : null}
      {stats.status === 'loading' ? <Loading what="statistics" /> : null}
      {stats.status === 'error' ? <ErrorState error={stats.error} feature="Release statistics" /> : null}
      {stats.status === 'ok' ? <ReleaseCharts stats={stats.data} /> : null}
      <div class="columns">
        <div>
          <h2>Canaries</h2>
          {canaries.status === 'error' ? <ErrorState error={canaries.error} feature="Canary analysis" /> : null}
          {canaries.status === 'ok' ? <CanarySummary rows={canaries.data} /> : null}
        </div>
        <div>
          <h2>Drift</h2>
          {drift.status === 'error' ? <ErrorState error={drift.error} feature="Drift monitoring" /> : null}
          {drift.status === 'ok' ? (
            <StateSummary rows={listOf(drift.data, 'drift')} empty="No drift monitors have run yet." columns={['metric', 'service', 'environment', 'status']} />
          ) : null}
        </div>
        <div>
          <h2>Firing alerts</h2>
          {alerts.status === 'error' ? <ErrorState error={alerts.error} feature="Alerting" /> : null}
          {alerts.status === 'ok' ? (
            <StateSummary rows={firingAlerts(listOf((alerts.data as Row | null)?.notifications ?? [], 'notifications'))} empty="Nothing is firing." columns={['rule', 'subject', 'title', 'createdAt']} />
          ) : null}
        </div>
      </div>
    </section>
  );
}

function ReleaseCharts({ stats }: { stats: ReleaseStats }) {
  const charts = useMemo(() => CHARTS.map(([metric, title, fmt]) => ({ metric, title, fmt, ...toChartData(stats, metric) })), [stats]);
  const xRange = useMemo((): [number, number] => [Date.parse(stats.from) / 1000, Date.parse(stats.to) / 1000], [stats]);
  if (stats.series.length === 0) {
    return (
      <EmptyState title="No traffic in this range">
        <p class="muted">Pick a longer range, or send traces (see Traces for how).</p>
      </EmptyState>
    );
  }
  return (
    <>
      <table class="grid compact" data-testid="release-table">
        <thead>
          <tr>
            <th>service</th>
            <th>release</th>
            <th>traces</th>
          </tr>
        </thead>
        <tbody>
          {stats.series.map((s) => (
            <tr key={`${s.service}\u0000${s.release}`}>
              <td>{s.service ?? '–'}</td>
              <td>{s.release ?? '–'}</td>
              <td>{s.traces.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="chart-grid">
        {charts.map((c) => (
          <LineChart key={c.metric} title={c.title} x={c.x} series={c.series} format={c.fmt} xRange={xRange} testId={`chart-${c.metric}`} />
        ))}
      </div>
    </>
  );
}

function CanarySummary({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return <p class="muted">No canaries yet. They start when a second release appears in the traffic, or compare two releases on the Canary page.</p>;
  return (
    <ul class="plain">
      {rows.slice(0, 8).map((r, i) => {
        const baseline = String(r.baseline ?? '');
        const canary = String(r.canary ?? '');
        return (
          <li key={i}>
            <Verdict value={String(r.verdict ?? r.lastVerdict ?? r.status ?? '–')} />{' '}
            <Link href={`/canary?baseline=${encodeURIComponent(baseline)}&canary=${encodeURIComponent(canary)}`}>
              {baseline} → {canary}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function StateSummary({ rows, empty, columns }: { rows: Row[]; empty: string; columns: string[] }) {
  if (rows.length === 0) return <p class="muted">{empty}</p>;
  return <DataTable rows={rows.slice(0, 10)} columns={columns} render={{ status: (r) => <Verdict value={String(r.status ?? '–')} /> }} />;
}

/** Alerts whose latest notification (per rule and subject) is a trigger or re-notification, not a resolve. */
export function firingAlerts(notifications: Row[]): Row[] {
  const latest = new Map<string, Row>();
  for (const n of notifications) {
    const key = `${String(n.rule)}\u0000${String(n.subject)}`;
    const seen = latest.get(key);
    if (!seen || String(n.createdAt) > String(seen.createdAt)) latest.set(key, n);
  }
  return [...latest.values()].filter((n) => n.kind !== 'resolve');
}
