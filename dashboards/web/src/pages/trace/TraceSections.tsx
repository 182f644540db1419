/** Leaf sections of the trace page (take data, render text). */
import type { Feedback, Score, Span } from '../../api/types.js';
import { asText, fmtMs, fmtTime } from '../../components/format.js';
import { AttrTable, KeyValue, TextBlock } from '../../components/KeyValue.js';

export function ScoresTable({ scores }: { scores: Score[] }) {
  if (scores.length === 0) return <p class="muted">No scores yet (scorers run after the trace is stored).</p>;
  return (
    <table class="grid compact" data-testid="trace-scores">
      <thead>
        <tr>
          <th>scorer</th>
          <th>value</th>
          <th>label</th>
          <th>reason</th>
        </tr>
      </thead>
      <tbody>
        {scores.map((s, i) => (
          <tr key={i}>
            <td>
              {s.name}
              {s.version ? <span class="muted"> {s.version}</span> : null}
            </td>
            <td>{asText(s.value)}</td>
            <td>{s.label ?? '–'}</td>
            <td class="pre">{s.reason ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FeedbackList({ feedback }: { feedback: Feedback[] }) {
  if (feedback.length === 0) return <p class="muted">No end-user feedback on this trace.</p>;
  return (
    <ul class="plain" data-testid="trace-feedback">
      {feedback.map((f) => (
        <li key={f.id}>
          <strong>{f.value === 'up' ? '👍 up' : f.value === 'down' ? '👎 down' : ''}</strong>
          {f.score !== null ? ` score ${f.score}` : ''} {f.comment ? <span class="pre">“{f.comment}”</span> : null}{' '}
          <span class="muted">
            {f.userId ? `by ${f.userId} ` : ''}
            {fmtTime(f.createdAt)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ToolCallsTable({ spans, onSelect }: { spans: Span[]; onSelect: (spanId: string) => void }) {
  const tools = spans.filter((s) => s.operation === 'tool');
  if (tools.length === 0) return <p class="muted">No tool calls in this trace.</p>;
  const shown = tools.slice(0, 100);
  return (
    <>
    {tools.length > shown.length ? <p class="muted">The first {shown.length} of {tools.length} tool calls (all are in the waterfall).</p> : null}
    <table class="grid compact" data-testid="tool-calls">
      <thead>
        <tr>
          <th>tool</th>
          <th>status</th>
          <th>duration</th>
          <th>arguments</th>
          <th>result</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((s) => (
          <tr key={s.spanId} class={s.status.code === 'ERROR' ? 'row-error' : ''} onClick={() => onSelect(s.spanId)}>
            <td>{s.facts.toolName ?? s.name}</td>
            <td>{s.status.code === 'ERROR' ? `error${s.status.message ? `: ${s.status.message}` : ''}` : s.status.code.toLowerCase()}</td>
            <td class="num">{fmtMs(s.durationMs)}</td>
            <td class="clip mono">{asText(s.attributes['gen_ai.tool.call.arguments'] ?? s.attributes['input.value'] ?? s.facts.inputText ?? '–')}</td>
            <td class="clip mono">{asText(s.attributes['gen_ai.tool.call.result'] ?? s.attributes['output.value'] ?? s.facts.outputText ?? '–')}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </>
  );
}

export function SpanDetail({ span }: { span: Span }) {
  return (
    <div class="span-detail" data-testid="span-detail">
      <h3>
        Span <span class="mono">{span.name}</span>
      </h3>
      <KeyValue
        rows={[
          ['span id', span.spanId],
          ['parent', span.parentSpanId ?? '(root)'],
          ['kind', span.kind],
          ['operation', span.operation],
          ['start', fmtTime(span.startTime)],
          ['duration', fmtMs(span.durationMs)],
          ['status', `${span.status.code}${span.status.message ? `: ${span.status.message}` : ''}`],
          ['scope', `${span.scope.name} ${span.scope.version}`.trim() || '–'],
          ['warnings', span.warnings.join('; ') || '–'],
        ]}
      />
      {span.facts.inputText ? (
        <>
          <h4>Input</h4>
          <TextBlock text={span.facts.inputText} />
        </>
      ) : null}
      {span.facts.outputText ? (
        <>
          <h4>Output</h4>
          <TextBlock text={span.facts.outputText} />
        </>
      ) : null}
      <h4>Attributes</h4>
      <AttrTable attributes={span.attributes} testId="span-attributes" />
      {span.events.length ? (
        <>
          <h4>Events</h4>
          <ul class="plain">
            {span.events.map((e, i) => (
              <li key={i}>
                <strong>{e.name}</strong> <AttrTable attributes={e.attributes} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>Resource</h4>
      <AttrTable attributes={span.resource} />
    </div>
  );
}
