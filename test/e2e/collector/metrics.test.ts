/** GET /metrics: valid Prometheus text, Node and process metrics, tracegate's series, bounded route labels. */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePrometheusText } from '../../support/parsePrometheusText.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const scrape = async () => (await fetch(`${server.url}/metrics`)).text();

function post(agent: http.Agent, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end('{}');
  });
}

describe('GET /metrics', () => {
  it('is valid Prometheus text with the process, Node and tracegate series', async () => {
    const json = { 'content-type': 'application/json' };
    await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: json, body: '{"resourceSpans":[]}' });
    await fetch(`${server.url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    await fetch(`${server.url}/api/traces/${'a'.repeat(32)}`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const families = parsePrometheusText(await res.text());
    for (const name of [
      'process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'process_open_fds',
      'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'nodejs_gc_duration_seconds', 'nodejs_active_handles',
    ]) {
      expect(families.has(name), name).toBe(true);
    }
    expect(families.get('process_resident_memory_bytes')!.samples[0]!.value).toBeGreaterThan(1e6);
    expect(families.get('tracegate_spans_accepted_total')).toMatchObject({ type: 'counter' });
    expect(families.get('tracegate_ingest_queue_depth_spans')).toMatchObject({ type: 'gauge', samples: [{ value: 0 }] });
    expect(families.get('tracegate_otlp_requests_refused_total')!.samples).toContainEqual({
      name: 'tracegate_otlp_requests_refused_total', labels: { signal: 'traces', reason: 'unsupported_media_type' }, value: 1,
    });
    const routes = new Set(families.get('tracegate_http_request_duration_seconds')!.samples.map((s) => s.labels.route));
    expect(routes).toEqual(new Set(['/v1/traces', '/api/traces/:traceId']));
    // Per-job series (gauges with a `job` label, read at scrape time).
    expect(families.get('tracegate_job_last_success_timestamp_seconds')).toMatchObject({ type: 'gauge', samples: expect.arrayContaining([expect.objectContaining({ labels: { job: 'score' } })]) });
    expect(families.get('tracegate_job_stalled')).toMatchObject({ type: 'gauge', samples: expect.arrayContaining([expect.objectContaining({ labels: { job: 'score' } })]) });
  });

  it('20,000 POSTs to random paths do not grow /metrics: routes are labelled by template, unknown ones share one label', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const random = () => Math.random().toString(36).slice(2);
    const shapes = [
      () => `/${random()}/${random()}`,
      () => `/v1/${random()}`,
      () => `/api/${random()}`,
      () => `/api/traces/${random()}`,
      () => `/v1/traces/${random()}?q=${random()}`,
    ];
    // Warm every shape once so the series they use exist before the baseline scrape.
    for (const shape of shapes) await post(agent, shape());
    const before = await scrape();
    const n = 20_000;
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < n) await post(agent, shapes[next++ % shapes.length]!());
    }));
    agent.destroy();
    const after = await scrape();
    // tracegate's own series (Node's GC histogram gains a series per GC kind as collections happen).
    const series = (text: string) => [...parsePrometheusText(text).values()].filter((f) => f.name.startsWith('tracegate_')).flatMap((f) => f.samples.map((x) => `${x.name}${JSON.stringify(x.labels)}`));
    expect(series(after)).toEqual(series(before));
    expect(after.length).toBeLessThan(before.length + 4_000); // only values change
    const routes = new Set(parsePrometheusText(after).get('tracegate_http_request_duration_seconds')!.samples.map((s) => s.labels.route));
    expect([...routes].every((r) => r === 'other' || r!.startsWith('/') && !/[0-9a-z]{8,}$/.test(r!.replace(/:[a-zA-Z]+/g, '')))).toBe(true);
  }, 180_000);
});
