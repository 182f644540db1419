/** The shell: navigation, the API key bar, and the page for the current route. */
import { useEffect, useState } from 'preact/hooks';
import { getApiKey, isAuthRequired, onAuthChange, setApiKey } from '../api/client.js';
import { Link } from '../components/Link.js';
import { AlertsPage } from '../pages/alerts/AlertsPage.js';
import { CanaryPage } from '../pages/canary/CanaryPage.js';
import { DatasetsPage } from '../pages/datasets/DatasetsPage.js';
import { DriftPage } from '../pages/drift/DriftPage.js';
import { OverviewPage } from '../pages/overview/OverviewPage.js';
import { ReviewPage } from '../pages/review/ReviewPage.js';
import { TracePage } from '../pages/trace/TracePage.js';
import { TracesPage } from '../pages/traces/TracesPage.js';
import { useRoute, type Route } from './router.js';

const NAV: Array<[string, string, Route['page'][]]> = [
  ['/', 'Overview', ['overview']],
  ['/traces', 'Traces', ['traces', 'trace']],
  ['/canary', 'Canary', ['canary']],
  ['/drift', 'Drift', ['drift']],
  ['/alerts', 'Alerts', ['alerts']],
  ['/review', 'Review', ['review']],
  ['/datasets', 'Datasets', ['datasets']],
];

export function App() {
  const route = useRoute();
  const [, setAuthTick] = useState(0);
  useEffect(() => onAuthChange(() => setAuthTick((t) => t + 1)), []);
  return (
    <div class="shell">
      <header class="top">
        <Link href="/" class="brand">
          tracegate
        </Link>
        <nav>
          {NAV.map(([href, label, pages]) => (
            <Link key={href} href={href} class={pages.includes(route.page) ? 'active' : ''}>
              {label}
            </Link>
          ))}
        </nav>
        <KeyBar />
      </header>
      <main key={route.path + (isAuthRequired() ? '#auth' : '') + (getApiKey() ?? '').length}>
        <Page route={route} />
      </main>
    </div>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'traces':
      return <TracesPage query={route.query} />;
    case 'trace':
      return <TracePage traceId={route.params.traceId ?? ''} />;
    case 'canary':
      return <CanaryPage query={route.query} />;
    case 'drift':
      return <DriftPage />;
    case 'alerts':
      return <AlertsPage />;
    case 'review':
      return <ReviewPage query={route.query} />;
    case 'datasets':
      return <DatasetsPage />;
    default:
      return (
        <section>
          <h1>Not found</h1>
          <p>
            No page here. Go to the <Link href="/">overview</Link>.
          </p>
        </section>
      );
  }
}

/** Asks for the API key once the server wants one; kept in sessionStorage for this tab's session. */
function KeyBar() {
  const [draft, setDraft] = useState('');
  const key = getApiKey();
  if (key) {
    return (
      <div class="keybar">
        <span class="muted">API key set for this session</span>
        <button type="button" class="link" onClick={() => setApiKey(null)}>
          forget
        </button>
      </div>
    );
  }
  if (!isAuthRequired()) return <div class="keybar" />;
  return (
    <form
      class="keybar"
      data-testid="key-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (draft.trim()) setApiKey(draft.trim());
        setDraft('');
      }}
    >
      <label>
        API key{' '}
        <input type="password" autocomplete="off" value={draft} onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)} placeholder="tg_…" />
      </label>
      <button type="submit">Use key</button>
    </form>
  );
}
