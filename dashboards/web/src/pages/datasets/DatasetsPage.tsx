/** Datasets: versions, changelogs, exports; and a viewer for gate JSON reports opened from disk. */
import { useState } from 'preact/hooks';
import { api, listOf } from '../../api/client.js';
import type { DatasetVersion } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { fmtTime } from '../../components/format.js';
import { Link } from '../../components/Link.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { GateReportViewer } from './GateReportViewer.js';
import { jobRows } from './jobRows.js';

export function DatasetsPage() {
  const datasets = useAsync(() => api.datasets(), []);
  const jobs = useAsync(() => api.jobs(), []);
  return (
    <section data-testid="datasets">
      <div class="page-head">
        <h1>Datasets</h1>
        {datasets.status === 'ok' ? <PublishButton onPublished={datasets.reload} /> : null}
      </div>
      {datasets.status === 'loading' ? <Loading what="datasets" /> : null}
      {datasets.status === 'error' ? <ErrorState error={datasets.error} feature="Datasets" /> : null}
      {datasets.status === 'ok' ? <DatasetVersions versions={listOf(datasets.data, 'versions') as unknown as DatasetVersion[]} /> : null}
      <h2>Exports</h2>
      <p class="muted">
        Download a version above (native JSONL for <code>tracegate gate</code>, or JSON for the llm-eval-ops reference gate), or export it from a shell with{' '}
        <code>tracegate cases export --format native|llm-eval-ops --dataset-version V --out FILE</code>.
      </p>
      <h2>Jobs</h2>
      {jobs.status === 'error' ? <ErrorState error={jobs.error} feature="Jobs" /> : null}
      {jobs.status === 'ok' ? jobs.data.length ? <DataTable rows={jobRows(jobs.data)} maxColumns={7} testId="jobs" /> : <p class="muted">No jobs have run.</p> : null}
      <h2>Gate report</h2>
      <GateReportViewer />
    </section>
  );
}

function PublishButton({ onPublished }: { onPublished: () => void }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  return (
    <div class="inline-form">
      {state.kind === 'done' ? <span class="muted" data-testid="publish-result">{state.text}</span> : null}
      <button
        type="button"
        data-testid="publish-button"
        disabled={state.kind === 'busy'}
        onClick={() => {
          setState({ kind: 'busy' });
          api.publishDataset({}).then(
            (out) => {
              setState({ kind: 'done', text: out.created ? `Published ${out.version.slice(0, 19)}… (${out.caseCount} cases)` : 'No change since the latest version' });
              onPublished();
            },
            (error: unknown) => setState({ kind: 'error', error }),
          );
        }}
      >
        Publish a new version
      </button>
      {state.kind === 'error' ? <ErrorState error={state.error} feature="Publishing" /> : null}
    </div>
  );
}

function DatasetVersions({ versions }: { versions: DatasetVersion[] }) {
  if (versions.length === 0) {
    return (
      <EmptyState title="No dataset versions yet">
        <p>
          Approve review items on the <Link href="/review">Review</Link> page, then freeze them into a version with “Publish a new version” (or{' '}
          <code>tracegate datasets publish</code>).
        </p>
      </EmptyState>
    );
  }
  return (
    <div data-testid="dataset-versions">
      {versions.map((v, i) => (
        <DatasetVersionCard key={v.version} v={v} latest={i === 0} />
      ))}
    </div>
  );
}

function DatasetVersionCard({ v, latest }: { v: DatasetVersion; latest: boolean }) {
  const c = v.changelog;
  return (
    <div class="card dataset-version" data-testid="dataset-version">
      <h3>
        <span class="mono small">{v.version}</span> {v.name ? <span>{v.name}</span> : null} {latest ? <span class="badge good">latest</span> : null}
      </h3>
      <p class="muted">
        {v.caseCount} {v.caseCount === 1 ? "case" : "cases"} · published {fmtTime(v.createdAt)}
        {v.previousVersion ? ` · previous ${v.previousVersion.slice(0, 19)}…` : ' · first version'}
      </p>
      <ExportButtons version={v.version} />
      {c ? (
        <details open={latest}>
          <summary>
            Changelog: {c.added.length} added, {c.changed.length} changed, {c.removed.length} removed{c.unchanged !== undefined ? `, ${c.unchanged} unchanged` : ''}
          </summary>
          {(['added', 'changed', 'removed'] as const).map((k) =>
            c[k].length ? (
              <div key={k}>
                <h4>{k}</h4>
                <ul class="plain">
                  {c[k].map((id) => (
                    <li key={id} class="mono small">
                      {id}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null,
          )}
        </details>
      ) : null}
    </div>
  );
}

const EXPORTS = [
  { format: 'native', label: 'Download JSONL (native)' },
  { format: 'llm-eval-ops', label: 'Download JSON (llm-eval-ops)' },
] as const;

/** Downloads a version in each export format (fetched with the API key, saved from a Blob). */
function ExportButtons({ version }: { version: string }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  return (
    <div class="inline-form export-buttons" data-testid="dataset-exports">
      {EXPORTS.map((e) => (
        <button
          key={e.format}
          type="button"
          class="outline"
          data-testid={`export-${e.format}`}
          disabled={state.kind === 'busy'}
          onClick={() => {
            setState({ kind: 'busy' });
            api.exportDataset(version, e.format).then(
              (file) => {
                saveFile(file.blob, file.fileName);
                setState({ kind: 'done', text: `Saved ${file.fileName}` });
              },
              (error: unknown) => setState({ kind: 'error', error }),
            );
          }}
        >
          {e.label}
        </button>
      ))}
      {state.kind === 'done' ? <span class="muted">{state.text}</span> : null}
      {state.kind === 'error' ? <ErrorState error={state.error} feature="Exports" /> : null}
    </div>
  );
}

/** Hands a Blob to the browser as a download named `fileName`. */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
