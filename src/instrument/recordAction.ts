/** `recordAction`: writes the response's action (`tracegate.action`, `tracegate.action.reason`). */
import { trace, type Span } from '@opentelemetry/api';
import { ACTIONS, TRACEGATE_ACTION_ATTR, TRACEGATE_ACTION_REASON_ATTR, type Action } from '../domain/facts/types.js';
import { rootSpanOf } from './tracer.js';

/** Outcome of `recordAction`: where it was written, or why not. */
export type RecordActionResult =
  | { recorded: true; spanId: string }
  | { recorded: false; reason: 'invalid_action' | 'no_active_span' };

/**
 * Records the action on the trace's root kit span (the outermost `withAgent`), else on the active
 * span. Optional: tracegate infers the action when an app never calls this.
 */
export function recordAction(action: Action, reason?: string): RecordActionResult {
  if (!ACTIONS.includes(action)) return { recorded: false, reason: 'invalid_action' };
  const span: Span | undefined = rootSpanOf() ?? trace.getActiveSpan();
  if (!span || !span.isRecording()) return { recorded: false, reason: 'no_active_span' };
  span.setAttribute(TRACEGATE_ACTION_ATTR, action);
  if (reason !== undefined) span.setAttribute(TRACEGATE_ACTION_REASON_ATTR, reason);
  return { recorded: true, spanId: span.spanContext().spanId };
}
