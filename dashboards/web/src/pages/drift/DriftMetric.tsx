/** One drift metric: its judged windows against the reference band, the CUSUM, or a mix's category shares. */
import { useMemo } from 'preact/hooks';
import type { DriftMetricSeries, DriftPoint, DriftSeries } from '../../api/types.js';
import { fmtMs, fmtNum, fmtPct } from '../../components/format.js';
import { LineChart, type ChartSeries } from '../../components/LineChart.js';
import { Verdict } from '../../components/Verdict.js';

/** True when some judged window had something to show (not only NODATA / empty mixes). */
export function hasData(m: DriftMetricSeries): boolean {
  return m.points.some((p) => p.status !== 'NODATA' && p.value !== null);
}

const LABELS: Record<string, string> = {
  refusal: 'refusal rate', escalation: 'escalation rate', toolError: 'tool-error rate', error: 'error rate', abstention: 'abstention rate',
  latencyP95: 'latency p95', 'mix:finishClass': 'finish-class mix', 'mix:tool': 'tool mix', 'mix:model': 'model mix', 'mix:errorType': 'error-type mix',
};

export function DriftMetric({ metric, series }: { metric: DriftMetricSeries; series: DriftSeries }) {
  const last = metric.points[metric.points.length - 1];
  const x = useMemo(() => metric.points.map((p) => Date.parse(p.windowEnd) / 1000), [metric]);
  return (
    <div class="card drift-metric" data-testid={`drift-metric-${metric.metric}`} data-points={metric.points.length}>
      <h3>
        {LABELS[metric.metric] ?? metric.metric} <Verdict value={metric.status} /> {metric.critical ? <span class="badge">critical</span> : null}
        {metric.informational ? <span class="badge">informational</span> : null}
      </h3>
      {last?.reason ? <p class="muted small">{last.reason}</p> : null}
      {metric.kind === 'rate' ? <RateCharts points={metric.points} x={x} series={series} /> : null}
      {metric.kind === 'latency' ? <LatencyChart points={metric.points} x={x} /> : null}
      {metric.kind === 'mix' ? <MixView points={metric.points} x={x} series={series} /> : null}
    </div>
  );
}

const pct = (v: number) => fmtPct(v, 1);

function RateCharts({ points, x, series }: { points: DriftPoint[]; x: number[]; series: DriftSeries }) {
  const lines = useMemo((): { value: ChartSeries[]; cusum: ChartSeries[] } => ({
    value: [
      { label: 'window rate', values: points.map((p) => p.value) },
      { label: 'reference', values: points.map((p) => p.reference) },
      { label: 'fails above', values: points.map((p) => p.bandUpper) },
    ],
    cusum: [
      { label: 'CUSUM', values: points.map((p) => p.cusum) },
      { label: 'alarm at', values: points.map(() => series.cusumThreshold) },
    ],
  }), [points, series.cusumThreshold]);
  return (
    <>
      <LineChart title="Window rate vs reference" x={x} series={lines.value} format={pct} testId="drift-chart-value" height={150} />
      <LineChart title="CUSUM (sustained rise)" x={x} series={lines.cusum} format={(v) => fmtNum(v)} testId="drift-chart-cusum" height={110} />
    </>
  );
}

function LatencyChart({ points, x }: { points: DriftPoint[]; x: number[] }) {
  const lines = useMemo((): ChartSeries[] => [
    { label: 'window p95', values: points.map((p) => p.value) },
    { label: 'band low', values: points.map((p) => p.bandLower) },
    { label: 'band high', values: points.map((p) => p.bandUpper) },
  ], [points]);
  return <LineChart title="Window latency vs reference band" x={x} series={lines} format={(v) => fmtMs(v)} testId="drift-chart-value" height={180} />;
}

/** A mix: the latest window's category shares against the reference, and the distance over time. */
function MixView({ points, x, series }: { points: DriftPoint[]; x: number[]; series: DriftSeries }) {
  const latest = [...points].reverse().find((p) => p.shares && p.shares.length > 0);
  const lines = useMemo((): ChartSeries[] => [
    { label: 'distance', values: points.map((p) => p.value) },
    { label: 'watch above', values: points.map(() => series.mixWatchDistance) },
  ], [points, series.mixWatchDistance]);
  return (
    <>
      {latest?.shares ? (
        <table class="grid compact" data-testid="drift-shares">
          <thead>
            <tr>
              <th>category</th>
              <th class="num">reference</th>
              <th class="num">last window</th>
              <th class="num">change</th>
            </tr>
          </thead>
          <tbody>
            {latest.shares.slice(0, 8).map((s) => (
              <tr key={s.category}>
                <td>{s.category || '(none)'}</td>
                <td class="num">{pct(s.referenceShare)}</td>
                <td class="num">{pct(s.windowShare)}</td>
                <td class="num">{`${s.windowShare >= s.referenceShare ? '+' : '−'}${(Math.abs(s.windowShare - s.referenceShare) * 100).toFixed(1)} pts`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <LineChart title="Jensen-Shannon distance from the reference mix" x={x} series={lines} format={(v) => fmtNum(v)} testId="drift-chart-value" height={110} />
    </>
  );
}
