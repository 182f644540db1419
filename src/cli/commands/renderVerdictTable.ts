/** The readable per-metric table `tracegate canary` prints for a verdict. */
import type { CanaryVerdictJson } from '../../domain/canary/toCanaryVerdictJson.js';

const fmt = (v: number | null): string => (v === null ? '-' : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}%`);

/** The verdict as a header, one row per metric, the reasons of failing metrics and the worst traces. */
export function renderVerdictTable(v: CanaryVerdictJson): string {
  const rows = v.metrics.map((m) => [`${m.metric}${m.critical ? '*' : ''}`, m.verdict, fmt(m.effect), `[${fmt(m.interval[0])}, ${fmt(m.interval[1])}]`, `${m.n.baseline}/${m.n.canary}`]);
  const head = ['metric', 'verdict', 'effect', 'interval', 'n base/canary'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd();
  return [
    `canary ${v.canary} vs baseline ${v.baseline} (${v.service ?? 'any service'}/${v.environment ?? 'any environment'}): ${v.verdict}${v.final ? ' (final)' : ''}`,
    `policy ${v.policyVersion}, evaluated ${v.evaluatedAt}; * = critical; effects > 0 are harm (latency: relative change)`,
    '', line(head), ...rows.map(line),
    ...v.metrics.filter((m) => m.verdict === 'FAIL').map((m) => `  ${m.metric}: ${m.reason}`),
    ...(v.worstTraces.length > 0 ? ['', `worst traces: ${v.worstTraces.join(' ')}`] : []), '',
  ].join('\n');
}
