/** Datasets: versions, changelogs, exports; and a viewer for gate JSON reports opened from disk. */
import { api, listOf } from '../../api/client.js';
import type { Row } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { asText, fmtTime } from '../../components/format.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { GateReportViewer } from './GateReportViewer.js';

export function DatasetsPage() {
  const datasets = useAsync(() => api.datasets(), []);
  const jobs = useAsync(() => api.jobs(), []);
  return (
    <section data-testid="datasets">
      <h1>Datasets</h1>
      {datasets.status === 'loading' ? <Loading what="datasets" /> : null}
      {datasets.status === 'error' ? <ErrorState error={datasets.error} feature="Datasets" /> : null}
      {datasets.status === 'ok' ? <DatasetVersions data={datasets.data} /> : null}
      <h2>Exports and jobs</h2>
      {jobs.status === 'error' ? <ErrorState error={jobs.error} feature="Jobs" /> : null}
      {jobs.status === 'ok' ? jobs.data.length ? <DataTable rows={jobs.data} maxColumns={7} testId="jobs" /> : <p class="muted">No jobs have run.</p> : null}
      <p class="muted">
        Export a version for the gate with <code>tracegate cases export --format native --dataset-version V --out cases.jsonl</code> (or{' '}
        <code>--format llm-eval-ops</code>).
      </p>
      <h2>Gate report</h2>
      <GateReportViewer />
    </section>
  );
}

function DatasetVersions({ data }: { data: unknown }) {
  const versions = listOf(data, 'versions', 'datasets');
  if (versions.length === 0) {
    return (
      <EmptyState title="No dataset versions yet">
        <p>
          Approve review items on the Review page, then freeze them into a version with <code>tracegate datasets publish</code>.
        </p>
      </EmptyState>
    );
  }
  return (
    <div data-testid="dataset-versions">
      {versions.map((v, i) => (
        <DatasetVersion key={i} v={v} />
      ))}
    </div>
  );
}

function DatasetVersion({ v }: { v: Row }) {
  const changelog = (v.changelog ?? v.changes ?? null) as Row | null;
  const counts = (k: string) => {
    const x = changelog?.[k];
    return Array.isArray(x) ? x.length : typeof x === 'number' ? x : 0;
  };
  const exports = listOf(v.exports ?? [], 'exports');
  return (
    <div class="card dataset-version" data-testid="dataset-version">
      <h3>
        <span class="mono small">{asText(v.version ?? v.id)}</span> {v.name ? <span>{asText(v.name)}</span> : null} {v.tier ? <span class="badge neutral">{asText(v.tier)}</span> : null}
      </h3>
      <p class="muted">
        {v.cases !== undefined ? `${asText(Array.isArray(v.cases) ? v.cases.length : v.cases)} cases · ` : ''}
        {v.caseCount !== undefined ? `${asText(v.caseCount)} cases · ` : ''}
        published {fmtTime(asText(v.createdAt ?? v.publishedAt ?? ''))}
        {v.previousVersion ? ` · previous ${asText(v.previousVersion)}` : ''}
      </p>
      {changelog ? (
        <details>
          <summary>
            Changelog: {counts('added')} added, {counts('changed')} changed, {counts('removed')} removed
          </summary>
          {(['added', 'changed', 'removed'] as const).map((k) =>
            Array.isArray(changelog[k]) && (changelog[k] as unknown[]).length ? (
              <div key={k}>
                <h4>{k}</h4>
                <ul class="plain">
                  {(changelog[k] as unknown[]).map((c, i) => (
                    <li key={i} class="mono small">
                      {typeof c === 'object' && c !== null ? asText((c as Row).caseId ?? (c as Row).id ?? c) : asText(c)}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null,
          )}
        </details>
      ) : null}
      {exports.length ? <DataTable rows={exports} maxColumns={5} /> : null}
    </div>
  );
}
