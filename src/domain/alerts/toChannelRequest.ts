import type { Channel } from './alertsConfig.js';
import type { AlertContent, AlertMetricLine } from './AlertContent.js';

/** An HTTP request to send (the app layer adds the webhook signature and sends it). */
export interface ChannelRequest {
  url: string;
  headers: Record<string, string>;
  /** The exact bytes to send (and to sign). */
  body: string;
}

const fmtEffect = (m: AlertMetricLine): string => {
  if (m.effect === null || !Number.isFinite(m.effect)) return 'n/a';
  const pct = (v: number): string => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(2)}%`;
  return m.interval ? `${pct(m.effect)} [${pct(m.interval[0])}, ${pct(m.interval[1])}]` : pct(m.effect);
};

/** A fixed-width text table of the metric lines (Slack code block, PagerDuty details). */
export function verdictTable(metrics: readonly AlertMetricLine[]): string {
  const rows = [['metric', 'verdict', 'effect [interval]'], ...metrics.map((m) => [`${m.metric}${m.critical ? '*' : ''}`, m.verdict, fmtEffect(m)])];
  const w = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r[0]!.padEnd(w[0]!)}  ${r[1]!.padEnd(w[1]!)}  ${r[2]}`).join('\n');
}

/** A PagerDuty dedup_key: stable per rule and subject, so trigger and resolve address the same incident. */
export function dedupKeyOf(content: Pick<AlertContent, 'ruleId' | 'subject'>): string {
  return `tracegate/${content.ruleId}/${content.subject}`.slice(0, 255);
}

function slackBody(c: AlertContent): unknown {
  const icon = c.kind === 'resolve' ? ':white_check_mark:' : ':rotating_light:';
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: `${c.kind === 'resolve' ? 'Resolved: ' : ''}${c.title}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${c.summary}` } },
  ];
  if (c.metrics.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '```' + verdictTable(c.metrics) + '```' } });
  if (c.worstTraces.length > 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `Worst traces: ${c.worstTraces.map((t) => `<${t.dashboardUrl}|${t.traceId.slice(0, 12)}>`).join(' · ')}` } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `rule ${c.ruleId} · policy ${c.policyVersion ?? 'n/a'} · ${new Date(c.atMs).toISOString()}` }] });
  return { text: `${c.kind === 'resolve' ? 'Resolved: ' : ''}${c.title}`, blocks };
}

function pagerDutyBody(c: AlertContent, routingKey: string): unknown {
  const dedup_key = dedupKeyOf(c);
  if (c.kind === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key };
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key,
    payload: {
      summary: `${c.title}: ${c.summary}`.slice(0, 1024),
      source: `tracegate/${c.service ?? 'unknown-service'}/${c.environment ?? 'unknown-environment'}`,
      severity: c.source === 'canary' ? 'critical' : 'error',
      timestamp: new Date(c.atMs).toISOString(),
      component: c.service ?? undefined,
      group: c.environment ?? undefined,
      class: c.source,
      custom_details: {
        rule: c.ruleId, baseline: c.baseline, canary: c.canary, verdict: c.verdict, policyVersion: c.policyVersion,
        metrics: c.metrics, table: verdictTable(c.metrics),
      },
    },
    links: c.worstTraces.map((t) => ({ href: t.dashboardUrl, text: `trace ${t.traceId}` })),
  };
}

/** The request one channel needs for one notification (webhook: the AlertContent as JSON, unsigned). */
export function toChannelRequest(channel: Channel, content: AlertContent): ChannelRequest {
  const headers = { 'content-type': 'application/json', 'user-agent': 'tracegate-alerts' };
  if (channel.type === 'slack') return { url: channel.url, headers, body: JSON.stringify(slackBody(content)) };
  if (channel.type === 'pagerduty') return { url: channel.url, headers, body: JSON.stringify(pagerDutyBody(content, channel.routingKey)) };
  return { url: channel.url, headers, body: JSON.stringify({ version: 1, ...content }) };
}
