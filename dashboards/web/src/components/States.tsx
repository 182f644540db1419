/** Loading, empty, error and "not available on this server" states. */
import type { ComponentChildren } from 'preact';
import { ApiError } from '../api/client.js';

export function Loading(props: { what?: string }) {
  return <p class="muted loading">Loading{props.what ? ` ${props.what}` : ''}…</p>;
}

export function EmptyState(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty" data-testid="empty-state">
      <h3>{props.title}</h3>
      {props.children}
    </div>
  );
}

/** What a newcomer does to get traces in: the first-steps text shown wherever there is no data. */
export function GettingStarted() {
  const origin = location.origin;
  return (
    <div class="getting-started">
      <p>No traces yet. Send some:</p>
      <ol>
        <li>
          Point your app's OpenTelemetry SDK here: <code>OTEL_EXPORTER_OTLP_ENDPOINT={origin}</code> (OTLP/HTTP, protobuf or JSON; see docs/instrumentation.md).
        </li>
        <li>
          Or run the simulator for realistic traffic: <code>npx tracegate simulate --endpoint {origin}</code>
        </li>
      </ol>
    </div>
  );
}

/** Renders an API failure: unavailable endpoints get a calm note, others the error code and message. */
export function ErrorState(props: { error: unknown; feature?: string }) {
  const e = props.error;
  if (e instanceof ApiError && e.unavailable) {
    return (
      <EmptyState title={`${props.feature ?? 'This feature'} is not available on this server`}>
        <p class="muted">This tracegate server does not serve this API yet. Upgrade the service to a version that includes it.</p>
      </EmptyState>
    );
  }
  if (e instanceof ApiError && e.unauthorized) {
    return (
      <div class="error" role="alert">
        <strong>API key needed.</strong> Enter a key above (create one with <code>tracegate keys create --project NAME</code>).
      </div>
    );
  }
  const message = e instanceof ApiError ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e);
  return (
    <div class="error" role="alert">
      {message}
    </div>
  );
}
