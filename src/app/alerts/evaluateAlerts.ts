/** The alerts job's evaluation half: rules x subjects through the pure state machine, changes into the outbox. */
import { channelsOf, type AlertsConfig, type Rule } from '../../domain/alerts/alertsConfig.js';
import type { AlertContent } from '../../domain/alerts/AlertContent.js';
import { decideAlert, type AlertRule, type AlertStatus } from '../../domain/alerts/decideAlert.js';
import type { AlertChange, AlertStorePort } from './alertPorts.js';

/** Something a rule watches, as of its latest evaluation. */
export interface AlertSubject {
  projectId: string;
  source: 'canary' | 'drift';
  /** Stable key: `canary/<id>` or `drift/<service>/<environment>/<metric>`. */
  subject: string;
  /** When the state was evaluated (ms); older or equal evaluations are not re-applied. */
  atMs: number;
  /** Canary: run verdict, or STOPPED. Drift: OK, WATCH, DRIFT or NODATA. */
  verdict: string;
  /** Drift: the metric is critical in the canary policy. */
  critical: boolean;
  /** Content without the rule and notification fields. */
  content: Omit<AlertContent, 'ruleId' | 'kind' | 'status'>;
}

function isBad(rule: Rule, s: AlertSubject): boolean {
  if (rule.source === 'canary') return (rule.verdicts as string[]).includes(s.verdict);
  return s.verdict === 'DRIFT' && (s.critical || !rule.criticalOnly);
}

const toMachineRule = (rule: Rule): AlertRule => ({
  ruleId: rule.id, resolveAfterMs: rule.resolveAfter, renotifyIntervalMs: rule.renotifyInterval ?? null, noDataAfterMs: null, notifyOn: ['ALERT'],
});

/** Evaluates every rule against every subject of its source; returns how many notifications were queued. */
export async function evaluateAlerts(config: AlertsConfig, subjects: readonly AlertSubject[], store: AlertStorePort, nowMs: number): Promise<{ evaluated: number; notifications: number }> {
  if (config.rules.length === 0 || config.channels.length === 0) return { evaluated: 0, notifications: 0 };
  const previous = new Map((await store.loadStates()).map((s) => [s.id, s]));
  const changes: AlertChange[] = [];
  let evaluated = 0;
  for (const rule of config.rules) {
    const channels = channelsOf(config, rule);
    for (const s of subjects.filter((x) => x.source === rule.source)) {
      const id = `${rule.id}|${s.projectId}|${s.subject}`;
      const prev = previous.get(id);
      // A subject that never alerted and is healthy needs no state row.
      if (!prev && !isBad(rule, s)) continue;
      evaluated += 1;
      const status: AlertStatus = isBad(rule, s) ? 'ALERT' : 'OK';
      const d = decideAlert(toMachineRule(rule), prev?.state ?? null, [{ atMs: s.atMs, status, message: s.content.summary }], nowMs);
      const content: AlertContent = { ...s.content, ruleId: rule.id, kind: 'trigger', status: d.state.status };
      const notifications = d.notifications.flatMap((n) => channels.map((c) => ({ channel: c.name, content: { ...content, kind: n.kind, status: n.status, atMs: n.atMs } })));
      if (notifications.length === 0 && prev && JSON.stringify(prev.state) === JSON.stringify(d.state)) continue;
      changes.push({ id, projectId: s.projectId, ruleId: rule.id, subject: s.subject, state: d.state, content, notifications });
    }
  }
  await store.applyChanges(changes, nowMs);
  return { evaluated, notifications: changes.reduce((n, c) => n + c.notifications.length, 0) };
}
