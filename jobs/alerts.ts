/** Evaluates alert rules against canaries and drift (state change + outbox in one transaction), then delivers. */
import { loadAlertSubjects } from '../src/app/alerts/alertSubjects.js';
import { deliverAlerts } from '../src/app/alerts/deliverAlerts.js';
import { evaluateAlerts } from '../src/app/alerts/evaluateAlerts.js';
import type { Job } from './jobTypes.js';

export const alertsJob: Job = {
  name: 'alerts',
  schedule: '*/15 * * * * *',
  summary: 'evaluate alert rules (canary FAIL, critical DRIFT) and deliver notifications with retries',
  exclusive: true,
  async run(deps, now) {
    if (deps.alertsConfig.channels.length === 0) return { outcome: 'skipped', reason: 'no alert channels (TRACEGATE_ALERTS_FILE unset)' };
    const subjects = await loadAlertSubjects(deps.canary, deps.publicUrl, now.getTime());
    const evaluated = await evaluateAlerts(deps.alertsConfig, subjects, deps.alerts, now.getTime());
    const delivered = await deliverAlerts(deps.alertsConfig, deps.alerts);
    return { outcome: 'success', counts: { subjects: subjects.length, ...evaluated, ...delivered } };
  },
};
