import type { CohortExamples } from './armSummaryCodec.js';
import type { CanaryDecision, Verdict } from './decideCanary.js';
import type { MetricName } from './policy.js';
import type { RateField } from './TraceObservation.js';

/** The verdict as GET /api/canary and `tracegate canary --json` answer it (field names are a contract). */
export interface CanaryVerdictJson {
  verdict: Verdict;
  final: boolean;
  baseline: string;
  canary: string;
  service: string | null;
  environment: string | null;
  policyVersion: string;
  evaluatedAt: string;
  metrics: Array<{
    metric: MetricName;
    verdict: Verdict;
    critical: boolean;
    effect: number | null;
    interval: [number | null, number | null];
    n: { baseline: number; canary: number };
    reason: string;
  }>;
  worstTraces: string[];
}

const RATE_OF: Partial<Record<MetricName, RateField>> = {
  refusal: 'refused', escalation: 'escalated', abstention: 'abstained', toolError: 'toolError', retry: 'retried',
  contentFilter: 'contentFilter', error: 'error', negativeFeedback: 'feedbackNegative',
};
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** An example canary trace and the metric it is an example of. */
export interface WorstTrace {
  traceId: string;
  metric: MetricName;
  /** The metric's verdict at this look (FAIL for the metrics that failed it). */
  verdict: Verdict;
}

/** Example canary traces for the worst metrics, each with its metric: failing ones first, then the largest harmful effects. */
export function worstTraceMetricsOf(decision: CanaryDecision, examples: CohortExamples, limit = 5): WorstTrace[] {
  const ranked = [...decision.metrics]
    .filter((m) => m.verdict === 'FAIL' || (Number.isFinite(m.effect) && m.effect > 0))
    .sort((a, b) => Number(b.verdict === 'FAIL') - Number(a.verdict === 'FAIL') || Number(b.critical) - Number(a.critical) || b.effect - a.effect);
  const out: WorstTrace[] = [];
  for (const m of ranked) {
    const rate = RATE_OF[m.metric];
    const ids = rate ? examples.flagged[rate] ?? [] : m.metric.startsWith('latency') ? examples.slow.map((s) => s.traceId) : [];
    for (const id of ids) if (out.length < limit && !out.some((w) => w.traceId === id)) out.push({ traceId: id, metric: m.metric, verdict: m.verdict });
  }
  return out;
}

/** Example canary trace ids for the worst metrics (worstTraceMetricsOf without the metrics). */
export function worstTracesOf(decision: CanaryDecision, examples: CohortExamples, limit = 5): string[] {
  return worstTraceMetricsOf(decision, examples, limit).map((w) => w.traceId);
}

/** Builds the contract JSON of one canary look. */
export function toCanaryVerdictJson(
  d: CanaryDecision,
  who: { baseline: string; canary: string; service: string | null; environment: string | null; evaluatedAtMs: number; examples: CohortExamples },
): CanaryVerdictJson {
  return {
    verdict: d.verdict,
    final: d.final,
    baseline: who.baseline,
    canary: who.canary,
    service: who.service,
    environment: who.environment,
    policyVersion: d.policyVersion,
    evaluatedAt: new Date(who.evaluatedAtMs).toISOString(),
    metrics: d.metrics.map((m) => ({
      metric: m.metric, verdict: m.verdict, critical: m.critical, effect: num(m.effect), interval: [num(m.lower), num(m.upper)],
      n: { baseline: m.nBaseline, canary: m.nCanary }, reason: m.reason,
    })),
    worstTraces: worstTracesOf(d, who.examples),
  };
}
