/** Alerts: rules and their states, notifications and delivery attempts. */
import { api, listOf } from '../../api/client.js';
import type { Row } from '../../api/types.js';
import { useAsync } from '../../app/useAsync.js';
import { DataTable } from '../../components/DataTable.js';
import { asText } from '../../components/format.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { Verdict } from '../../components/Verdict.js';

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
  const rules = listOf(data, 'rules', 'alerts');
  const notifications = listOf((data as Row | null)?.notifications ?? [], 'notifications');
  const deliveries = listOf((data as Row | null)?.deliveries ?? (data as Row | null)?.deliveryAttempts ?? [], 'deliveries');
  if (rules.length === 0 && notifications.length === 0) {
    return (
      <EmptyState title="No alert rules configured">
        <p>
          Alert rules and channels come from a YAML or JSON file named by <code>TRACEGATE_ALERTS_FILE</code> (see docs). The smallest file names one webhook
          channel.
        </p>
      </EmptyState>
    );
  }
  const state = (r: Row) => <Verdict value={asText(r.state ?? r.status)} />;
  return (
    <>
      <h2>Rules</h2>
      <DataTable rows={rules} maxColumns={8} testId="alert-rules" render={{ state, status: state }} />
      <h2>Notifications</h2>
      {notifications.length ? <DataTable rows={notifications} maxColumns={8} testId="alert-notifications" /> : <p class="muted">No notifications sent.</p>}
      <h2>Delivery attempts</h2>
      {deliveries.length ? <DataTable rows={deliveries} maxColumns={8} testId="alert-deliveries" /> : <p class="muted">No delivery attempts.</p>}
    </>
  );
}
