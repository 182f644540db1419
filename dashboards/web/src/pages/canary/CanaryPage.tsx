/** Canary: the list of canaries, or one comparison (`?baseline=V1&canary=V2`) with its forest plot. */
import { useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import type { CanaryReport, Row } from '../../api/types.js';
import { navigate, withQuery } from '../../app/router.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { ForestPlot } from '../../components/ForestPlot.js';
import { asText, fmtNum, fmtTime } from '../../components/format.js';
import { KeyValue } from '../../components/KeyValue.js';
import { Link, TraceLink } from '../../components/Link.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { Verdict } from '../../components/Verdict.js';

export function CanaryPage({ query }: { query: URLSearchParams }) {
  const baseline = query.get('baseline');
  const canary = query.get('canary');
  const service = query.get('service') ?? undefined;
  const environment = query.get('environment') ?? undefined;
  return (
    <section data-testid="canary">
      <h1>Canary</h1>
      <CompareForm baseline={baseline ?? ''} canary={canary ?? ''} service={service ?? ''} environment={environment ?? ''} />
      {baseline && canary ? <CanaryComparison q={{ baseline, canary, service, environment }} /> : <CanaryList />}
    </section>
  );
}

function CompareForm(props: { baseline: string; canary: string; service: string; environment: string }) {
  const [d, setD] = useState(props);
  const field = (k: keyof typeof props, label: string, placeholder: string) => (
    <label>
      <span>{label}</span>
      <input name={k} value={d[k]} placeholder={placeholder} onInput={(e) => setD({ ...d, [k]: (e.currentTarget as HTMLInputElement).value })} />
    </label>
  );
  return (
    <form
      class="filters"
      onSubmit={(e) => {
        e.preventDefault();
        if (d.baseline && d.canary) navigate(withQuery('/canary', d));
      }}
    >
      {field('baseline', 'baseline release', 'v1')}
      {field('canary', 'canary release', 'v2')}
      {field('service', 'service (optional)', '')}
      {field('environment', 'environment (optional)', '')}
      <div class="filter-actions">
        <button type="submit">Compare</button>
      </div>
    </form>
  );
}

function CanaryList() {
  const list = useAsync(() => api.canaries(), []);
  if (list.status === 'loading') return <Loading what="canaries" />;
  if (list.status === 'error') return <ErrorState error={list.error} feature="Canary history" />;
  if (list.data.length === 0) {
    return (
      <EmptyState title="No canaries evaluated yet">
        <p>
          Send traffic from two releases (set <code>service.version</code> on the OTel resource; the simulator's <code>--release</code> does this) and
          compare them above, or run <code>tracegate canary --baseline V1 --canary V2</code>.
        </p>
      </EmptyState>
    );
  }
  return (
    <DataTable
      testId="canary-list"
      rows={list.data}
      columns={['service', 'environment', 'baseline', 'canary', 'status', 'verdict', 'final', 'looks', 'lastEvaluatedAt']}
      render={{
        baseline: (r) => <CompareLink row={r} text={asText(r.baseline)} />,
        canary: (r) => <CompareLink row={r} text={asText(r.canary)} />,
        verdict: (r) => <Verdict value={asText(r.verdict)} />,
      }}
    />
  );
}

function CompareLink({ row, text }: { row: Row; text: string }) {
  const q = { baseline: asText(row.baseline), canary: asText(row.canary), service: row.service ? asText(row.service) : undefined, environment: row.environment ? asText(row.environment) : undefined };
  return <Link href={withQuery('/canary', q)}>{text}</Link>;
}

function CanaryComparison({ q }: { q: { baseline: string; canary: string; service?: string; environment?: string } }) {
  const report = useAsync(() => api.canary(q), [JSON.stringify(q)]);
  const history = useAsync(async () => {
    const all = await api.canaries();
    const match = all.find((r) => r.baseline === q.baseline && r.canary === q.canary && (!q.service || r.service === q.service));
    if (!match || match.id === undefined) return [] as Row[];
    return api.canaryEvaluations(String(match.id));
  }, [JSON.stringify(q)]);
  if (report.status === 'loading') return <Loading what="canary analysis" />;
  if (report.status === 'error') return <ErrorState error={report.error} feature="Canary analysis" />;
  return (
    <>
      <CanaryReportView report={report.data} />
      <h2>Evaluation history</h2>
      {history.status === 'loading' ? <Loading /> : null}
      {history.status === 'error' ? <ErrorState error={history.error} feature="Canary history" /> : null}
      {history.status === 'ok' ? (
        history.data.length ? (
          <DataTable rows={history.data} columns={['look', 'evaluatedAt', 'verdict', 'final']} testId="canary-history" render={{ verdict: (r) => <Verdict value={asText(r.verdict)} /> }} />
        ) : (
          <p class="muted" data-testid="canary-no-history">
            No stored evaluations for this pair yet (the canary job stores one per look).
          </p>
        )
      ) : null}
    </>
  );
}

export function CanaryReportView({ report }: { report: CanaryReport }) {
  return (
    <div data-testid="canary-report">
      <div class="verdict-head">
        <span>Verdict</span> <Verdict value={report.verdict} testId="canary-verdict" /> {report.final === false ? <span class="muted">(not final: more traffic may change it)</span> : null}
      </div>
      <KeyValue
        rows={[
          ['baseline', report.baseline],
          ['canary', report.canary],
          ['service', report.service ?? 'all'],
          ['environment', report.environment ?? 'all'],
          ['policy', report.policyVersion ?? '–'],
          ['evaluated', fmtTime(report.evaluatedAt)],
        ]}
      />
      <h2>Effects (canary − baseline) with intervals</h2>
      {report.metrics.length ? <ForestPlot metrics={report.metrics} testId="forest-plot" /> : <p class="muted">No metrics evaluated.</p>}
      <table class="grid" data-testid="canary-metrics">
        <thead>
          <tr>
            <th>metric</th>
            <th>verdict</th>
            <th>effect</th>
            <th>interval</th>
            <th>n baseline</th>
            <th>n canary</th>
            <th>reason</th>
          </tr>
        </thead>
        <tbody>
          {report.metrics.map((m) => (
            <tr key={m.metric} class={/fail/i.test(m.verdict) ? 'row-error' : ''}>
              <td>
                {m.metric}
                {m.critical ? <span class="muted"> (critical)</span> : null}
              </td>
              <td>
                <Verdict value={m.verdict} />
              </td>
              <td class="num">{fmtNum(m.effect)}</td>
              <td class="num">{m.interval ? `[${fmtNum(m.interval[0])}, ${fmtNum(m.interval[1])}]` : '–'}</td>
              <td class="num">{fmtNum(m.n?.baseline)}</td>
              <td class="num">{fmtNum(m.n?.canary)}</td>
              <td>{m.reason ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Worst traces</h2>
      {report.worstTraces.length ? (
        <ul class="plain" data-testid="worst-traces">
          {report.worstTraces.map((id) => (
            <li key={id}>
              <TraceLink traceId={id} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">No example traces.</p>
      )}
    </div>
  );
}
