/**
 * Drift: per service and environment, each monitored metric's judged windows against the reference band
 * and its CUSUM statistic; categorical mixes as category shares now vs the reference; a clear "not
 * enough traffic yet" state where drift cannot judge anything.
 */
import { api } from '../../api/client.js';
import type { DriftGroup, DriftSeries } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { fmtMs, fmtNum, fmtTime } from '../../components/format.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { DriftMetric, hasData } from './DriftMetric.js';

export function DriftPage() {
  const series = useAsync(() => api.driftSeries(), []);
  return (
    <section data-testid="drift">
      <h1>Drift</h1>
      {series.status === 'loading' ? <Loading what="drift monitors" /> : null}
      {series.status === 'error' ? <ErrorState error={series.error} feature="Drift monitoring" /> : null}
      {series.status === 'ok' ? <DriftView series={series.data} /> : null}
    </section>
  );
}

function DriftView({ series }: { series: DriftSeries }) {
  if (series.groups.length === 0) {
    return (
      <EmptyState title="No drift monitors have run yet">
        <p>
          Drift compares each complete {fmtWindow(series.windowMs)} window of scored production traffic with a reference (the traffic after the last promoted
          release, or a rolling period before the window). Send traces (or run the simulator) and check back once a window holds {series.minPerWindow} traces.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <p class="muted">
        Each complete {fmtWindow(series.windowMs)} window is judged once. A rate fails a window when it rises significantly, by at least{' '}
        {fmtNum(series.failAbs * 100)} percentage point(s), above the reference, or when its CUSUM reaches {fmtNum(series.cusumThreshold)}; DRIFT after consecutive failing windows. Category mixes are
        informational (WATCH above a Jensen-Shannon distance of {fmtNum(series.mixWatchDistance)}).
      </p>
      {series.groups.map((g) => (
        <GroupCard key={`${g.service}\u0000${g.environment}`} group={g} series={series} />
      ))}
    </>
  );
}

/** A window length in words ("1-hour", "5-minute"). */
function fmtWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}-hour`;
  if (ms % 60_000 === 0) return `${ms / 60_000}-minute`;
  return fmtMs(ms);
}

const SEVERITY: Record<string, number> = { DRIFT: 0, WATCH: 1 };

function GroupCard({ group, series }: { group: DriftGroup; series: DriftSeries }) {
  // what needs attention first: DRIFT, then WATCH, then the rest in the server's order
  const shown = group.metrics.filter(hasData).sort((a, b) => (SEVERITY[a.status] ?? 2) - (SEVERITY[b.status] ?? 2));
  const waiting = group.metrics.filter((m) => !hasData(m));
  return (
    <div class="card" data-testid="drift-monitor">
      <h2>
        {group.service ?? '(no service)'} · {group.environment ?? '(no environment)'}
      </h2>
      <TrafficLine group={group} />
      {group.enoughTraffic ? null : <NotEnoughTraffic group={group} series={series} />}
      {shown.length ? (
        <div class="chart-grid">
          {shown.map((m) => (
            <DriftMetric key={m.metric} metric={m} series={series} />
          ))}
        </div>
      ) : null}
      {waiting.length && group.enoughTraffic ? (
        <p class="muted" data-testid="drift-waiting">
          No data yet for {waiting.map((m) => m.metric).join(', ')}
          {waiting.some((m) => m.kind === 'latency') ? ` (the latency band needs ${series.latencyMinChunks} windows of reference traffic)` : ''}.
        </p>
      ) : null}
    </div>
  );
}

function TrafficLine({ group }: { group: DriftGroup }) {
  const l = group.latest;
  const ref = (l?.reference ?? {}) as { anchor?: string | null; release?: string | null; from?: string; to?: string };
  return (
    <p class="muted">
      {l ? (
        <>
          Last judged window {fmtTime(l.windowStart)} – {fmtTime(l.windowEnd)}: {fmtNum(l.traces)} traces. Reference{' '}
          {ref.anchor === 'last-promoted-release' ? `after promoting ${ref.release ?? 'the last release'}` : 'rolling'} ({fmtTime(ref.from)} – {fmtTime(ref.to)}):{' '}
          {fmtNum(l.referenceTraces)} traces.{' '}
        </>
      ) : null}
      Window in progress (until {fmtTime(group.current.windowEnd)}): {fmtNum(group.current.traces)} traces so far.
    </p>
  );
}

/** Why nothing can be judged yet, in numbers. */
function NotEnoughTraffic({ group, series }: { group: DriftGroup; series: DriftSeries }) {
  const l = group.latest;
  const need = series.minPerWindow;
  let text: string;
  if (!l && group.current.traces >= need) return <div class="notice" data-testid="drift-not-enough"><strong>{`No complete window judged yet: the window in progress has ${fmtNum(group.current.traces)} traces and is judged after it closes at ${fmtTime(group.current.windowEnd)}.`}</strong></div>;
  if (!l) text = `Not enough traffic yet (${fmtNum(group.current.traces)} of ${need} traces in the window in progress): no complete window has been judged.`;
  else if (l.traces < need) text = `Not enough traffic yet (${fmtNum(l.traces)} of ${need} traces in the last judged window): drift judges a window once it holds ${need} scored traces.`;
  else text = `Not enough reference traffic yet (${fmtNum(l.referenceTraces)} traces in the reference period): drift compares each window with that period.`;
  if (group.current.traces >= need) text += ` The window in progress already has ${fmtNum(group.current.traces)} traces: it is judged after it closes at ${fmtTime(group.current.windowEnd)}.`;
  return (
    <div class="notice" data-testid="drift-not-enough">
      <strong>{text}</strong>
    </div>
  );
}
