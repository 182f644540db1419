/** Drift: per metric the window series against the reference band, CUSUM and state changes. */
import { useMemo } from 'preact/hooks';
import { api, listOf } from '../../api/client.js';
import type { Row } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { asText, fmtNum } from '../../components/format.js';
import { LineChart } from '../../components/LineChart.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { KeyValue } from '../../components/KeyValue.js';
import { Verdict } from '../../components/Verdict.js';

export function DriftPage() {
  const drift = useAsync(() => api.drift(), []);
  return (
    <section data-testid="drift">
      <h1>Drift</h1>
      {drift.status === 'loading' ? <Loading what="drift monitors" /> : null}
      {drift.status === 'error' ? <ErrorState error={drift.error} feature="Drift monitoring" /> : null}
      {drift.status === 'ok' ? <DriftView monitors={listOf(drift.data, 'drift', 'monitors')} /> : null}
    </section>
  );
}

function DriftView({ monitors }: { monitors: Row[] }) {
  if (monitors.length === 0) {
    return (
      <EmptyState title="No drift monitors have run yet">
        <p>Drift compares each window of production traffic with a reference window. It needs a few windows of traffic: send traces (or run the simulator) and check back.</p>
      </EmptyState>
    );
  }
  const withSeries = monitors.filter((m) => Array.isArray(m.windows ?? m.series ?? m.points));
  if (withSeries.length === 0) return <DriftTable monitors={monitors} />;
  return (
    <>
      {withSeries.map((m, i) => (
        <DriftMonitor key={i} monitor={m} />
      ))}
    </>
  );
}

/** One row per monitored metric: its state and the latest window against the reference. */
function DriftTable({ monitors }: { monitors: Row[] }) {
  const rows = monitors.map((m) => {
    const ev = (m.evidence && typeof m.evidence === 'object' ? m.evidence : {}) as Row;
    const pick = (...keys: string[]) => keys.map((k) => ev[k]).find((v) => v !== undefined && v !== null);
    return {
      metric: m.metric,
      service: m.service,
      environment: m.environment,
      status: m.status,
      critical: m.critical,
      value: pick('rate', 'value', 'jsDistance'),
      reference: pick('referenceRate', 'referenceValue', 'psi'),
      effect: pick('effect', 'chiSquareP'),
      reason: ev.reason ?? (m.kind === 'mix' ? 'category mix (informational)' : ''),
      updated: m.updatedAt,
    } as Row;
  });
  const num = (k: string) => (r: Row) => (typeof r[k] === 'number' ? fmtNum(r[k]) : asText(r[k]));
  return (
    <DataTable
      rows={rows}
      testId="drift-table"
      columns={['metric', 'service', 'environment', 'status', 'critical', 'value', 'reference', 'effect', 'reason', 'updated']}
      render={{ status: (r) => <Verdict value={asText(r.status)} />, value: num('value'), reference: num('reference'), effect: num('effect') }}
    />
  );
}

/** One monitor: its state, a chart of its window values with the reference band, CUSUM, state changes. */
function DriftMonitor({ monitor }: { monitor: Row }) {
  const windows = listOf(monitor.windows ?? monitor.series ?? monitor.points, 'windows', 'points');
  const chart = useMemo(() => {
    const x: number[] = [];
    const value: Array<number | null> = [];
    const lo: Array<number | null> = [];
    const hi: Array<number | null> = [];
    const cusum: Array<number | null> = [];
    for (const w of windows) {
      const t = Date.parse(asText(w.end ?? w.windowEnd ?? w.start ?? w.windowStart ?? w.at));
      if (!Number.isFinite(t)) continue;
      x.push(t / 1000);
      value.push(num(w.value ?? w.rate));
      const band = (w.band ?? w.referenceBand ?? monitor.referenceBand) as unknown;
      lo.push(Array.isArray(band) ? num(band[0]) : num(w.lower ?? w.bandLow));
      hi.push(Array.isArray(band) ? num(band[1]) : num(w.upper ?? w.bandHigh));
      cusum.push(num(w.cusum));
    }
    return { x, value, lo, hi, cusum };
  }, [windows, monitor]);
  const title = [monitor.metric, monitor.service, monitor.release, monitor.environment].filter((v) => v !== undefined && v !== null).map(asText).join(' · ');
  const changes = listOf(monitor.stateChanges ?? monitor.transitions ?? monitor.changes, 'changes');
  return (
    <div class="card" data-testid="drift-monitor">
      <h2>
        {title || 'monitor'} <Verdict value={asText(monitor.state ?? monitor.status)} />
      </h2>
      {chart.x.length ? (
        <div class="chart-grid">
          <LineChart
            title="Window value vs reference band"
            x={chart.x}
            series={[
              { label: 'value', values: chart.value },
              { label: 'band low', values: chart.lo },
              { label: 'band high', values: chart.hi },
            ]}
            format={(v) => fmtNum(v)}
          />
          {chart.cusum.some((v) => v !== null) ? <LineChart title="CUSUM" x={chart.x} series={[{ label: 'cusum', values: chart.cusum }]} format={(v) => fmtNum(v)} /> : null}
        </div>
      ) : (
        <DriftEvidence monitor={monitor} />
      )}
      {changes.length ? (
        <>
          <h3>State changes</h3>
          <DataTable rows={changes} maxColumns={6} />
        </>
      ) : null}
    </div>
  );
}

/** The latest window's decision: rate against the reference, effect, test, reason. */
function DriftEvidence({ monitor }: { monitor: Row }) {
  const ev = (monitor.evidence && typeof monitor.evidence === 'object' ? monitor.evidence : {}) as Row;
  const reference = (ev.reference && typeof ev.reference === 'object' ? ev.reference : {}) as Row;
  const rows: Array<[string, unknown]> = [
    ['kind', monitor.kind],
    ['critical', monitor.critical],
    ['updated', monitor.updatedAt],
  ];
  for (const [k, v] of Object.entries(ev)) if (k !== 'reference' && k !== 'changes' && (typeof v !== 'object' || v === null)) rows.push([k, typeof v === 'number' ? fmtNum(v) : v]);
  for (const [k, v] of Object.entries(reference)) if (typeof v !== 'object' || v === null) rows.push([`reference ${k}`, typeof v === 'number' ? fmtNum(v) : v]);
  const changes = listOf(ev.changes ?? [], 'changes');
  return (
    <>
      <KeyValue rows={rows} />
      {changes.length ? (
        <>
          <h3>Largest mix changes</h3>
          <DataTable rows={changes} maxColumns={6} />
        </>
      ) : null}
    </>
  );
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}
