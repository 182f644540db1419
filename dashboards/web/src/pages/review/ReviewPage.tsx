/** Review: the queue by priority; an item with its trace, signals and near-duplicates; approve or reject. */
import { api, listOf } from '../../api/client.js';
import type { ReviewItem, Row, TraceDetail } from '../../api/types.js';
import { withQuery } from '../../app/router.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { asText, fmtMs, fmtNum, fmtTime } from '../../components/format.js';
import { KeyValue, TextBlock } from '../../components/KeyValue.js';
import { Link, TraceLink } from '../../components/Link.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { Verdict } from '../../components/Verdict.js';
import { toAuditLines } from './auditDiff.js';
import { ApproveForm, RejectForm } from './ReviewForms.js';

export function ReviewPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? 'open';
  const selected = query.get('item');
  const queue = useAsync(() => api.review(status === 'all' ? undefined : status), [status]);
  return (
    <section data-testid="review">
      <h1>Review</h1>
      <p class="tabs">
        {['open', 'approved', 'rejected', 'all'].map((s) => (
          <Link key={s} href={withQuery('/review', { status: s })} class={s === status ? 'active' : ''}>
            {s}
          </Link>
        ))}
      </p>
      {queue.status === 'loading' ? <Loading what="review queue" /> : null}
      {queue.status === 'error' ? <ErrorState error={queue.error} feature="The review queue" /> : null}
      {queue.status === 'ok' ? (
        <div class="columns review-layout">
          <ReviewQueue items={queue.data} selected={selected} status={status} />
          <div>{selected ? <ReviewItemView id={selected} item={queue.data.find((i) => String(i.id) === selected)} onDecided={queue.reload} /> : null}</div>
        </div>
      ) : null}
    </section>
  );
}

function priorityOf(item: ReviewItem): number {
  const p = typeof item.priority === 'number' ? item.priority : Number(item.priority);
  return Number.isFinite(p) ? p : 0;
}

function ReviewQueue({ items, selected, status }: { items: ReviewItem[]; selected: string | null; status: string }) {
  if (items.length === 0) {
    return (
      <EmptyState title={`No ${status === 'all' ? '' : `${status} `}review items`}>
        <p>Items arrive when scorers, judges, negative feedback, failing canaries or drift alerts flag a trace, or when someone presses “Flag for review” on a trace page.</p>
      </EmptyState>
    );
  }
  const sorted = [...items].sort((a, b) => priorityOf(b) - priorityOf(a));
  return (
    <table class="grid" data-testid="review-queue">
      <thead>
        <tr>
          <th>priority</th>
          <th>item</th>
          <th>status</th>
          <th>signals</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((item) => (
          <tr key={String(item.id)} class={String(item.id) === selected ? 'selected' : ''}>
            <td class="num">{fmtNum(item.priority)}</td>
            <td>
              <Link href={withQuery('/review', { status, item: String(item.id) })}>view</Link> <span class="mono small">{item.traceId.slice(0, 12)}…</span>
            </td>
            <td>
              <Verdict value={item.status} />
            </td>
            <td>{signalText(item.signals)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function signalText(signals: ReviewItem['signals'] | undefined): string {
  if (!Array.isArray(signals)) return '–';
  return signals.map((s) => (typeof s === 'string' ? s : `${asText(s.kind)}${s.reason ? `: ${s.reason}` : ''}`)).join(', ');
}

function ReviewItemView({ id, item, onDecided }: { id: string; item: ReviewItem | undefined; onDecided: () => void }) {
  const detail = useAsync(async () => {
    const full = await api.reviewItem(id).catch((error: unknown) => {
      if (item) return item;
      throw error;
    });
    // The trace endpoint carries the scored action and its source (the item's own trace is the raw facts).
    const scored = await api.getTrace(full.traceId).catch(() => null);
    const trace = scored ?? full.trace ?? null;
    return { item: full, trace, scored };
  }, [id]);
  if (detail.status === 'loading') return <Loading what="review item" />;
  if (detail.status === 'error') return <ErrorState error={detail.error} />;
  const { item: it, trace, scored } = detail.data;
  const matches = listOf(it.nearDuplicates ?? [], 'matches');
  const signals = Array.isArray(it.signals) ? it.signals.map((s) => (typeof s === 'string' ? { kind: s } : s)) : [];
  const audit = listOf(it.audit ?? [], 'audit');
  return (
    <div class="card" data-testid="review-item">
      <h2>
        Review item <Verdict value={it.status} />
      </h2>
      <KeyValue
        rows={[
          ['trace', <TraceLink traceId={it.traceId} />],
          ['priority', fmtNum(it.priority)],
          ['service / release', trace ? `${trace.serviceName ?? '–'} / ${trace.release ?? '–'}` : '–'],
          ['action', <ScoredAction trace={scored} />],
          ['duration', trace ? fmtMs(trace.durationMs) : '–'],
          ['case', it.caseId ?? '–'],
          ['duplicate of', it.duplicateOf ?? '–'],
        ]}
      />
      <h3>Input</h3>
      <TextBlock text={trace?.inputText} />
      <h3>Output</h3>
      <TextBlock text={trace?.outputText} />
      <h3>Signals</h3>
      {signals.length ? (
        <DataTable rows={signals as Row[]} columns={['kind', 'source', 'reason', 'strength', 'riskHint', 'at']} testId="review-signals" />
      ) : (
        <p class="muted">none</p>
      )}
      <h3>Near-duplicate matches</h3>
      {matches.length ? <DataTable rows={matches} maxColumns={6} testId="review-matches" /> : <p class="muted">No near-duplicate of an existing case.</p>}
      {it.status === 'open' ? (
        <div class="columns two">
          <ApproveForm item={it} trace={trace} onDone={onDecided} />
          <RejectForm item={it} onDone={onDecided} />
        </div>
      ) : null}
      {audit.length ? (
        <>
          <h3>Audit log</h3>
          <DataTable rows={audit} columns={['at', 'actor', 'action', 'changes']} render={{ at: (r) => fmtTime(asText(r.at)), changes: (r) => <AuditChanges changes={r.changes} /> }} testId="review-audit" />
        </>
      ) : null}
    </div>
  );
}

/** The action the scorers gave the trace, with its source and reason; says so when it is not scored yet. */
function ScoredAction({ trace }: { trace: TraceDetail | null }) {
  if (!trace) return <span class="muted">trace not found</span>;
  if (!trace.action) {
    const status = trace.scoring?.status;
    return <span class="muted" data-testid="review-action">{status && status !== 'scored' ? `not scored yet (${status})` : 'none inferred'}{trace.actionReason ? ` · ${trace.actionReason}` : ''}</span>;
  }
  return (
    <span data-testid="review-action">
      <strong>{trace.action}</strong>
      <span class="muted"> · source {trace.actionSource ?? 'unknown'}{trace.actionReason ? ` · ${trace.actionReason}` : ''}</span>
    </span>
  );
}

/** An audit entry's changes as one readable line per field ("status: open → approved"). */
function AuditChanges({ changes }: { changes: unknown }) {
  const lines = toAuditLines(changes);
  if (lines.length === 0) return <span class="muted">–</span>;
  return (
    <ul class="plain audit-changes">
      {lines.map((l) => (
        <li key={l.field}>
          <span class="mono">{l.field}</span>: {l.before !== null ? <span class="before">{l.before}</span> : null}
          {l.before !== null ? ' → ' : ''}
          <span class="after">{l.after}</span>
        </li>
      ))}
    </ul>
  );
}
