/** The trace list: filters in the URL (bookmarkable), server-side filtering and cursor pagination. */
import { useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import type { TraceListQuery } from '../../api/types.js';
import { navigate, withQuery } from '../../app/router.js';
import { useAsync } from '../../app/useAsync.js';
import { EmptyState, ErrorState, GettingStarted, Loading } from '../../components/States.js';
import { Link } from '../../components/Link.js';
import { TraceTable } from './TraceTable.js';

const FILTERS: Array<[keyof TraceListQuery, string, string, string[]?]> = [
  ['service', 'service', 'e.g. support-bot'],
  ['release', 'release', 'e.g. v2'],
  ['environment', 'environment', 'e.g. production'],
  ['action', 'action', '', ['answer', 'abstain', 'clarify', 'refuse', 'escalate']],
  ['flag', 'flag', 'e.g. tool_error'],
  ['error', 'error', '', ['true', 'false']],
  ['scoring', 'scoring', '', ['waiting', 'scored', 'judged', 'sampled_out', 'over_budget', 'no_content', 'error']],
  // format hints, never example dates (a date goes stale and reads as a default)
  ['from', 'from', 'YYYY-MM-DDThh:mm:ssZ'],
  ['to', 'to', 'YYYY-MM-DDThh:mm:ssZ'],
];

function queryOf(params: URLSearchParams): TraceListQuery {
  const q: TraceListQuery = { limit: 50 };
  for (const [k] of FILTERS) {
    const v = params.get(k);
    if (v) (q as Record<string, string>)[k] = v;
  }
  const cursor = params.get('cursor');
  if (cursor) q.cursor = cursor;
  return q;
}

export function TracesPage({ query }: { query: URLSearchParams }) {
  const q = queryOf(query);
  const key = JSON.stringify(q);
  const page = useAsync(() => api.listTraces(q), [key]);
  const filtered = FILTERS.some(([k]) => q[k] !== undefined);
  return (
    <section data-testid="traces">
      <h1>Traces</h1>
      <FilterForm initial={q} />
      {page.status === 'loading' ? <Loading what="traces" /> : null}
      {page.status === 'error' ? <ErrorState error={page.error} /> : null}
      {page.status === 'ok' && page.data.traces.length === 0 ? (
        filtered || q.cursor ? (
          <EmptyState title="No traces match these filters">
            <p>
              <Link href="/traces">Clear the filters</Link>
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No traces yet">
            <GettingStarted />
          </EmptyState>
        )
      ) : null}
      {page.status === 'ok' && page.data.traces.length > 0 ? (
        <>
          <TraceTable traces={page.data.traces} />
          <div class="pager">
            {q.cursor ? <Link href={withQuery('/traces', { ...q, cursor: undefined, limit: undefined })}>First page</Link> : null}
            {page.data.nextCursor ? (
              <Link href={withQuery('/traces', { ...q, cursor: page.data.nextCursor, limit: undefined })} class="button">
                Next page →
              </Link>
            ) : (
              <span class="muted">end of list</span>
            )}
          </div>
        </>
      ) : null}
    </section>
  );
}

function FilterForm({ initial }: { initial: TraceListQuery }) {
  const [draft, setDraft] = useState<Record<string, string>>(() => {
    const d: Record<string, string> = {};
    for (const [k] of FILTERS) d[k] = String(initial[k] ?? '');
    return d;
  });
  return (
    <form
      class="filters"
      data-testid="trace-filters"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(withQuery('/traces', draft));
      }}
    >
      {FILTERS.map(([k, label, placeholder, options]) => (
        <label key={k}>
          <span>{label}</span>
          {options ? (
            <select name={k} value={draft[k]} onChange={(e) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">any</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          ) : (
            <input name={k} value={draft[k]} placeholder={placeholder} onInput={(e) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value })} />
          )}
        </label>
      ))}
      <div class="filter-actions">
        <button type="submit">Apply</button>
        <Link href="/traces">Reset</Link>
      </div>
    </form>
  );
}
