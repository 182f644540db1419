/** One trace: facts, action and source, scores, captured input/output, waterfall, tool calls, feedback, flagging. */
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client.js';
import type { TraceDetail } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { fmtMs, fmtNum, fmtTime } from '../../components/format.js';
import { KeyValue, TextBlock } from '../../components/KeyValue.js';
import { Link } from '../../components/Link.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { Verdict } from '../../components/Verdict.js';
import { Waterfall } from '../../components/Waterfall.js';
import { FeedbackList, ScoresTable, SpanDetail, ToolCallsTable } from './TraceSections.js';

export function TracePage({ traceId }: { traceId: string }) {
  const trace = useAsync(() => api.getTrace(traceId), [traceId]);
  if (trace.status === 'loading') return <Loading what="trace" />;
  if (trace.status === 'error') {
    if (trace.error instanceof ApiError && trace.error.status === 404) {
      return (
        <EmptyState title="Trace not found">
          <p>
            No trace with this id is stored for your project. Go back to the <Link href="/traces">trace list</Link>.
          </p>
        </EmptyState>
      );
    }
    return <ErrorState error={trace.error} />;
  }
  return <TraceView trace={trace.data} onChanged={trace.reload} />;
}

function TraceView({ trace, onChanged }: { trace: TraceDetail; onChanged: () => void }) {
  const [selected, setSelected] = useState<string | null>(trace.rootSpanId);
  const span = trace.spans.find((s) => s.spanId === selected) ?? null;
  return (
    <section data-testid="trace-page">
      <div class="page-head">
        <h1>
          Trace <span class="mono small">{trace.traceId}</span>
        </h1>
        <FlagButton traceId={trace.traceId} onFlagged={onChanged} />
      </div>
      <div class="columns">
        <div>
          <h2>Facts</h2>
          <KeyValue
            testId="trace-facts"
            rows={[
              ['service', trace.serviceName],
              ['release', trace.release],
              ['environment', trace.environment],
              ['start', fmtTime(trace.startTime)],
              ['duration', fmtMs(trace.durationMs)],
              ['spans', trace.spanCount],
              ['status', trace.error ? <Verdict value="error" /> : trace.incomplete ? 'incomplete (a parent span is missing)' : 'ok'],
              ['error types', trace.errorTypes.join(', ') || '–'],
              ['models', trace.models.join(', ') || '–'],
              ['tokens in / out', `${fmtNum(trace.inputTokens)} / ${fmtNum(trace.outputTokens)}`],
              ['cost (USD)', trace.costUsd === null ? '–' : trace.costUsd.toFixed(6)],
              ['inference calls', trace.inferenceCalls],
              ['tool calls', `${trace.toolCalls}${trace.toolErrors ? ` (${trace.toolErrors} failed)` : ''}`],
              ['finish', trace.lastFinishClass ?? '–'],
              ['time to first token', fmtMs(trace.ttftMs)],
              ['session', trace.sessionId],
              ['user', trace.userId],
            ]}
          />
        </div>
        <div>
          <h2>Action</h2>
          <KeyValue
            testId="trace-action"
            rows={[
              ['action', trace.action ?? 'unknown'],
              ['source', trace.actionSource ?? '–'],
              ['reason', trace.actionReason ?? '–'],
              ['scoring', trace.scoring ? `${trace.scoring.status}${trace.scoring.reason ? ` (${trace.scoring.reason})` : ''}` : 'not scored'],
            ]}
          />
          <h2>Scores</h2>
          <ScoresTable scores={trace.scores ?? []} />
          <h2>Feedback</h2>
          <FeedbackList feedback={trace.feedback} />
        </div>
      </div>
      <div class="columns two">
        <div>
          <h2>Input</h2>
          <TextBlock testId="trace-input" text={trace.inputText} empty={trace.contentCaptured ? 'none' : 'not captured (content capture is off in the app)'} />
        </div>
        <div>
          <h2>Output</h2>
          <TextBlock testId="trace-output" text={trace.outputText} empty={trace.contentCaptured ? 'none' : 'not captured (content capture is off in the app)'} />
        </div>
      </div>
      <h2>Spans</h2>
      <Waterfall spans={trace.spans} selectedSpanId={selected} onSelect={setSelected} />
      {span ? <SpanDetail span={span} /> : null}
      <h2>Tool calls</h2>
      <ToolCallsTable spans={trace.spans} onSelect={setSelected} />
    </section>
  );
}

function FlagButton({ traceId, onFlagged }: { traceId: string; onFlagged: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done' } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  if (state.kind === 'done') return <span class="badge good" data-testid="flagged">Flagged for review</span>;
  if (!open) {
    return (
      <button type="button" data-testid="flag-button" onClick={() => setOpen(true)}>
        Flag for review
      </button>
    );
  }
  return (
    <form
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        setState({ kind: 'busy' });
        api.flagTrace(traceId, reason.trim() || 'flagged in the dashboard').then(
          () => {
            setState({ kind: 'done' });
            onFlagged();
          },
          (error: unknown) => setState({ kind: 'error', error }),
        );
      }}
    >
      <input value={reason} placeholder="why (e.g. invented an account balance)" maxLength={2000} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} data-testid="flag-reason" />
      <button type="submit" disabled={state.kind === 'busy'} data-testid="flag-submit">
        Flag
      </button>
      <button type="button" class="link" onClick={() => setOpen(false)}>
        cancel
      </button>
      {state.kind === 'error' ? <ErrorState error={state.error} feature="Flagging for review" /> : null}
    </form>
  );
}
