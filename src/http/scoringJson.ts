/** Scoring fields of the trace JSON: inferred action, its source, scores and scoring status. */
import type { TraceScoringView } from '../app/scoring/scoringPorts.js';

/** Overlays scoring on a trace's JSON (`action` stays the explicit attribute until the trace is scored). */
export function withScoringJson<T extends { action: string | null; actionSource: string | null; actionReason: string | null }>(
  json: T,
  view: TraceScoringView,
  opts: { scores: boolean },
) {
  const scored = view.status === 'scored';
  return {
    ...json,
    action: scored ? view.action : json.action,
    actionSource: scored ? view.actionSource : json.actionSource === 'attribute' ? 'attribute' : null,
    actionReason: scored ? view.actionReason : json.actionReason,
    flags: view.flags,
    ...(opts.scores ? { scores: view.scores } : {}),
    scoring: { status: view.status, reason: view.reason, judge: view.judge, scoredAt: view.scoredAt },
  };
}
