/** A page of traces as a table (leaf: takes the rows). */
import type { TraceSummary } from '../../api/types.js';
import { fmtMs, fmtTime } from '../../components/format.js';
import { TraceLink } from '../../components/Link.js';
import { Verdict } from '../../components/Verdict.js';

export function TraceTable({ traces }: { traces: TraceSummary[] }) {
  return (
    <div class="table-wrap">
      <table class="grid" data-testid="trace-table">
        <thead>
          <tr>
            <th>start</th>
            <th>trace</th>
            <th>service</th>
            <th>release</th>
            <th>env</th>
            <th>action</th>
            <th>duration</th>
            <th>spans</th>
            <th>tools</th>
            <th>status</th>
            <th>input</th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => (
            <tr key={t.traceId} class={t.error ? 'row-error' : ''}>
              <td class="nowrap">{fmtTime(t.startTime)}</td>
              <td>
                <TraceLink traceId={t.traceId}>{t.traceId.slice(0, 12)}…</TraceLink>
              </td>
              <td>{t.serviceName ?? '–'}</td>
              <td>{t.release ?? '–'}</td>
              <td>{t.environment ?? '–'}</td>
              <td>{t.action ?? '–'}</td>
              <td class="num">{fmtMs(t.durationMs)}</td>
              <td class="num">{t.spanCount}</td>
              <td class="num">
                {t.toolCalls}
                {t.toolErrors ? <span class="bad-text"> ({t.toolErrors} failed)</span> : null}
              </td>
              <td>{t.error ? <Verdict value="error" /> : t.incomplete ? <span class="muted">incomplete</span> : <span class="muted">ok</span>}</td>
              <td class="clip">{t.inputText ? t.inputText.slice(0, 120) : <span class="muted">–</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
