/**
 * The service's own metrics on prom-client: Node and process defaults (CPU, memory, event-loop lag,
 * GC, handles) plus tracegate's series, rendered in the Prometheus text format. Counters are created
 * on first use; their label names are fixed then (or declared with `describe`). Each instance has its
 * own registry, so several services in one process do not share series.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const LATENCY_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The label every request that matched no route shares (never the raw path). */
export const UNMATCHED_ROUTE = 'other';

export class ServiceMetrics {
  /** The prom-client registry behind these metrics (for adding series prom-client-natively). */
  readonly registry = new Registry();
  private readonly counters = new Map<string, Counter<string>>();
  private readonly help = new Map<string, { help: string; labelNames?: string[] }>();
  private readonly requests: Histogram<'route' | 'status'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Histogram({
      name: 'tracegate_http_request_duration_seconds',
      help: 'HTTP request latency by route template and status',
      labelNames: ['route', 'status'],
      buckets: LATENCY_BUCKETS_S,
      registers: [this.registry],
    });
  }

  /** Adds `by` to counter `name` with the given labels (created on first use). */
  inc(name: string, labels: Record<string, string> = {}, by = 1): void {
    let counter = this.counters.get(name);
    if (!counter) {
      const described = this.help.get(name);
      const labelNames = described?.labelNames ?? Object.keys(labels);
      counter = new Counter({ name, help: described?.help ?? name, labelNames, registers: [this.registry] });
      this.counters.set(name, counter);
    }
    counter.inc(labels, by);
  }

  /** Registers a gauge read at scrape time. */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
  }

  /** Registers a gauge with labels (one series per element), read at scrape time (keep the label sets bounded). */
  gaugeFamily(name: string, help: string, read: () => ReadonlyArray<{ labels: Record<string, string>; value: number }>): void {
    // A collector of its own rather than a prom-client Gauge: its label names are only known at scrape time.
    const metric = {
      name,
      help,
      type: 'gauge',
      aggregator: 'sum',
      get: async () => ({ name, help, type: 'gauge', aggregator: 'sum', values: read().map(({ labels, value }) => ({ labels, value })) }),
      reset: () => {},
    };
    this.registry.registerMetric(metric as unknown as Gauge);
  }

  /** Same as gaugeFamily. */
  gaugeSeries(name: string, help: string, read: () => ReadonlyArray<{ labels: Record<string, string>; value: number }>): void {
    this.gaugeFamily(name, help, read);
  }

  /** Sets the help text (and optionally the label names) of counter `name` before its first use. */
  describe(name: string, help: string, labelNames?: string[]): void {
    this.help.set(name, labelNames ? { help, labelNames } : { help });
  }

  /** Records one request duration in seconds for (route template, status). */
  observeRequest(route: string, status: number, seconds: number): void {
    this.requests.observe({ route, status: String(status) }, seconds);
  }

  /** The Prometheus exposition text. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type of `render()`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
