/** Alerts: rules and their states, notifications and delivery attempts. */
import { api, listOf } from '../../api/client.js';
import type { Row } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { asText } from '../../components/format.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { Verdict } from '../../components/Verdict.js';
import { firingAlerts } from '../overview/OverviewPage.js';

export function AlertsPage() {
  const alerts = useAsync(() => api.alerts(), []);
  return (
    <section data-testid="alerts">
      <h1>Alerts</h1>
      {alerts.status === 'loading' ? <Loading what="alerts" /> : null}
      {alerts.status === 'error' ? <ErrorState error={alerts.error} feature="Alerting" /> : null}
      {alerts.status === 'ok' ? <AlertsView data={alerts.data} /> : null}
    </section>
  );
}

function AlertsView({ data }: { data: unknown }) {
  const d = (data && typeof data === 'object' ? data : {}) as Row;
  const rules = listOf(d.rules ?? [], 'rules');
  const defaults = listOf(d.defaultRules ?? [], 'rules');
  const channels = listOf(d.channels ?? [], 'channels');
  const notifications = listOf(d.notifications ?? [], 'notifications');
  const firing = new Set(firingAlerts(notifications).map((n) => `${asText(n.rule)}/${asText(n.subject)}`));
  if (rules.length === 0 && defaults.length === 0 && channels.length === 0) {
    return (
      <EmptyState title="No alert rules configured">
        <p>
          Alert rules and channels come from a YAML or JSON file named by <code>TRACEGATE_ALERTS_FILE</code>; the smallest names one webhook channel:{' '}
          <code>{'{"channels": [{"name": "ops", "type": "webhook", "url": "https://…"}]}'}</code>.
        </p>
      </EmptyState>
    );
  }
  return (
    <>
      <h2>Rules</h2>
      {rules.length + defaults.length ? <DataTable rows={[...rules, ...defaults]} maxColumns={8} testId="alert-rules" /> : <p class="muted">No rules.</p>}
      <h2>Channels</h2>
      {channels.length ? (
        <DataTable rows={channels} columns={['name', 'type', 'url', 'disabled', 'consecutiveFailures', 'lastDeliveredAt', 'disabledReason']} testId="alert-channels" />
      ) : (
        <p class="muted">No channels.</p>
      )}
      <h2>Notifications and deliveries</h2>
      {notifications.length ? (
        <DataTable
          rows={notifications}
          columns={['createdAt', 'rule', 'subject', 'kind', 'title', 'channel', 'status', 'attempts', 'lastError', 'deliveredAt']}
          render={{
            kind: (r) => <Verdict value={firing.has(`${asText(r.rule)}/${asText(r.subject)}`) && r.kind !== 'resolve' ? 'firing' : asText(r.kind)} />,
          }}
          testId="alert-notifications"
        />
      ) : (
        <p class="muted">No notifications sent yet.</p>
      )}
    </>
  );
}
