import type { TraceFacts } from '../../../src/domain/facts/types.js';
import type { TraceObservation } from '../../../src/domain/canary/TraceObservation.js';
import { summarizeArm, type ArmSummary } from '../../../src/domain/canary/armSummary.js';

/** A quiet trace; override any field. */
export function obs(over: Partial<TraceObservation> = {}): TraceObservation {
  return {
    refused: false, escalated: false, abstained: false, toolError: false, retried: false, contentFilter: false, error: false,
    feedbackNegative: null, latencyMs: 1000, ttftMs: 200, costUsd: 0.002, tokens: 1000, toolCalls: 1, spanCount: 4, judgeScore: null, ...over,
  };
}

/** Rates per flag (exact counts: the first rate·n traces carry the flag) and latency scaled by `latencyFactor`. */
export interface ArmSpec {
  n: number;
  refusal?: number; escalation?: number; toolError?: number; error?: number; abstention?: number;
  latencyFactor?: number;
  noTtft?: boolean;
}

/** Deterministic arm: latency spread 500..~4500 ms by a fixed stride, flags spread evenly. */
export function arm(spec: ArmSpec): ArmSummary {
  const flag = (rate: number | undefined, i: number, offset: number): boolean => rate !== undefined && ((i * 7919 + offset) % spec.n) < Math.round(rate * spec.n);
  const list = Array.from({ length: spec.n }, (_, i) => {
    const u = ((i * 7919) % 1000) / 1000;
    const lat = 500 * Math.exp(2.2 * u) * (spec.latencyFactor ?? 1);
    return obs({
      refused: flag(spec.refusal ?? 0.05, i, 1), escalated: flag(spec.escalation ?? 0.03, i, 2), toolError: flag(spec.toolError ?? 0.02, i, 3),
      error: flag(spec.error ?? 0.01, i, 4), abstained: flag(spec.abstention ?? 0.02, i, 5), latencyMs: lat, ttftMs: spec.noTtft ? null : lat * 0.3,
      costUsd: lat * 1e-6, tokens: Math.round(lat), toolCalls: i % 3, spanCount: 2 + (i % 3) * 2,
    });
  });
  return summarizeArm(list, { seed: spec.n });
}

/** Trace facts of a plain 3-span trace, with overrides. */
export const traceFacts = (over: Partial<TraceFacts>): TraceFacts => ({
  traceId: 't', serviceName: 's', release: 'r', environment: null, rootSpanId: 'a', incomplete: false, startMs: 0, endMs: 900, durationMs: 900,
  spanCount: 3, models: [], providers: [], inputTokens: 100, outputTokens: 50, costUsd: 0.001, inferenceCalls: 1, toolCalls: 1, toolErrors: 0,
  toolNames: [], error: false, errorTypes: [], finishReasons: [], finishClasses: ['stop'], lastFinishClass: 'stop', ttftMs: 120, sessionId: null,
  userId: null, inputText: null, outputText: null, contentCaptured: false, action: null, actionSource: null, actionReason: null, warningCount: 0, ...over,
});
