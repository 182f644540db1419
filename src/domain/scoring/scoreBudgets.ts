/**
 * `budget@1`: latency and cost budgets per service and/or route (scoring config `budgets`). The route is
 * the root span's `http.route`, else the root span's name. Every matching budget applies; a trace over
 * any raises `over_latency_budget` / `over_cost_budget`. No matching budget: not assessed.
 */
import type { ScorerConfig } from './scoringConfig.js';
import type { ScoreResult, ScorerInput } from './types.js';

export const BUDGET_SCORER = { name: 'budget', version: 1 } as const;

/** The trace's route: root span `http.route`, else root span name, else null. */
export function routeOf(input: ScorerInput): string | null {
  const root = input.spans.find((s) => s.spanId === input.trace.rootSpanId) ?? input.spans.find((s) => s.parentSpanId === null);
  if (!root) return null;
  const r = root.attributes['http.route'];
  return typeof r === 'string' && r !== '' ? r : root.name;
}

/** True when a rule's selectors (service, route) match the trace; a missing selector matches any. */
export function ruleMatches(rule: { service?: string; route?: string }, service: string | null, route: string | null): boolean {
  return (rule.service === undefined || rule.service === service) && (rule.route === undefined || rule.route === route);
}

export function scoreBudgets(input: ScorerInput, config: ScorerConfig): { score: ScoreResult; flags: string[] } {
  // The route (read from the root span) only when some budget is configured.
  const route = config.budgets.length > 0 ? routeOf(input) : null;
  const rules = config.budgets.filter((b) => ruleMatches(b, input.trace.serviceName, route));
  if (rules.length === 0) return { score: { ...BUDGET_SCORER, value: null, label: 'not_assessed', reason: 'no budget configured for this service/route' }, flags: [] };
  const over: string[] = [];
  const flags: string[] = [];
  for (const b of rules) {
    if (b.latencyMs !== undefined && input.trace.durationMs > b.latencyMs) {
      over.push(`latency ${Math.round(input.trace.durationMs)} ms > ${b.latencyMs} ms`);
      if (!flags.includes('over_latency_budget')) flags.push('over_latency_budget');
    }
    if (b.costUsd !== undefined && input.trace.costUsd !== null && input.trace.costUsd > b.costUsd) {
      over.push(`cost $${input.trace.costUsd.toFixed(6)} > $${b.costUsd}`);
      if (!flags.includes('over_cost_budget')) flags.push('over_cost_budget');
    }
  }
  return {
    score: { ...BUDGET_SCORER, value: over.length ? 1 : 0, label: over.length ? 'over_budget' : 'within_budget', reason: over.length ? over.join('; ') : `within ${rules.length} budget(s)` },
    flags,
  };
}
