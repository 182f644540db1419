/**
 * The JSON shape of a listed trace (GET /api/traces, the `trace` of a review item). Type-only and free of
 * Node imports: the dashboard (dashboards/web) imports it too, so server and browser share one contract.
 */
import type { TraceFacts } from '../domain/facts/types.js';

/** A trace summary as the API answers it: the trace facts with ISO 8601 times instead of epoch ms. */
export type TraceSummaryJson = Omit<TraceFacts, 'startMs' | 'endMs'> & {
  /** ISO 8601 start of the trace. */
  startTime: string;
  /** ISO 8601 end of the trace. */
  endTime: string;
};
