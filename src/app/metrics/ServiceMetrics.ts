/** The service's own metrics, rendered in the Prometheus text format (no external registry). */

const LATENCY_BUCKETS_S = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export class ServiceMetrics {
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly histograms = new Map<string, Histogram>();
  private readonly gauges = new Map<string, () => number>();
  private readonly labelledGauges = new Map<string, () => ReadonlyArray<{ labels: Record<string, string>; value: number }>>();
  private readonly help = new Map<string, string>();
  private readonly families = new Map<string, () => Array<{ labels: Record<string, string>; value: number }>>();

  /** Adds `by` to counter `name` with the given labels. */
  inc(name: string, labels: Record<string, string> = {}, by = 1): void {
    const key = Object.entries(labels)
      .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
      .join(',');
    let series = this.counters.get(name);
    if (!series) this.counters.set(name, (series = new Map()));
    series.set(key, (series.get(key) ?? 0) + by);
  }

  /** Registers a gauge read at scrape time. */
  gauge(name: string, help: string, read: () => number): void {
    this.help.set(name, help);
    this.gauges.set(name, read);
  }

  /** Registers a gauge with labels (one series per element), read at scrape time. */
  gaugeFamily(name: string, help: string, read: () => Array<{ labels: Record<string, string>; value: number }>): void {
    this.help.set(name, help);
    this.families.set(name, read);
  }

  /** Registers a labelled gauge whose series are read at scrape time (keep the label sets bounded). */
  gaugeSeries(name: string, help: string, read: () => ReadonlyArray<{ labels: Record<string, string>; value: number }>): void {
    this.help.set(name, help);
    this.labelledGauges.set(name, read);
  }

  describe(name: string, help: string): void {
    this.help.set(name, help);
  }

  /** Records one request duration in seconds for (route, status). */
  observeRequest(route: string, status: number, seconds: number): void {
    const key = `route="${escapeLabel(route)}",status="${status}"`;
    let h = this.histograms.get(key);
    if (!h) this.histograms.set(key, (h = { counts: LATENCY_BUCKETS_S.map(() => 0), sum: 0, count: 0 }));
    for (let i = 0; i < LATENCY_BUCKETS_S.length; i++) if (seconds <= LATENCY_BUCKETS_S[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  /** The Prometheus exposition text. */
  render(): string {
    const lines: string[] = [];
    for (const [name, series] of this.counters) {
      lines.push(`# HELP ${name} ${this.help.get(name) ?? name}`, `# TYPE ${name} counter`);
      for (const [labels, v] of series) lines.push(`${name}${labels ? `{${labels}}` : ''} ${v}`);
    }
    for (const [name, read] of this.gauges) {
      lines.push(`# HELP ${name} ${this.help.get(name) ?? name}`, `# TYPE ${name} gauge`, `${name} ${read()}`);
    }
    for (const [name, read] of this.families) {
      lines.push(`# HELP ${name} ${this.help.get(name) ?? name}`, `# TYPE ${name} gauge`);
      for (const { labels, value } of read()) {
        const l = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
        lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
      }
    }
    for (const [name, read] of this.labelledGauges) {
      lines.push(`# HELP ${name} ${this.help.get(name) ?? name}`, `# TYPE ${name} gauge`);
      for (const { labels, value } of read()) {
        const l = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',');
        lines.push(`${name}${l ? `{${l}}` : ''} ${value}`);
      }
    }
    const hname = 'tracegate_http_request_duration_seconds';
    lines.push(`# HELP ${hname} HTTP request latency by route and status`, `# TYPE ${hname} histogram`);
    for (const [labels, h] of this.histograms) {
      LATENCY_BUCKETS_S.forEach((le, i) => lines.push(`${hname}_bucket{${labels},le="${le}"} ${h.counts[i]}`));
      lines.push(`${hname}_bucket{${labels},le="+Inf"} ${h.count}`, `${hname}_sum{${labels}} ${h.sum}`, `${hname}_count{${labels}} ${h.count}`);
    }
    return lines.join('\n') + '\n';
  }
}
