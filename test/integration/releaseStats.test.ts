/**
 * GET /api/stats/releases on SQLite and PostgreSQL: per service/release counts, rates and latency
 * percentiles over time buckets, the same on both stores.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresTestUrl, startTestServer, type TestServer } from '../support/startTestServer.js';
import { hexId, otlpTrace, postTraces, type JsonSpan } from '../e2e/dashboard/otlpJson.js';

const servers: TestServer[] = [];
const schemas: string[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
  const pool = new pg.Pool({ connectionString: process.env.TRACEGATE_TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test', max: 1 });
  for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

interface Stats {
  bucketSeconds: number;
  series: Array<{ service: string; release: string; traces: number; points: Array<{ start: string; traces: number; refusalRate: number; escalationRate: number; toolErrorRate: number; errorRate: number; p50Ms: number; p95Ms: number }> }>;
}

async function fill(server: TestServer, hourStart: number): Promise<void> {
  const trace = (release: string, startMs: number, durationMs: number, opts: { action?: string; error?: boolean; toolError?: boolean } = {}) => {
    const root = hexId(8);
    const spans: JsonSpan[] = [{ spanId: root, name: 'agent', startMs, durationMs, error: opts.error, attributes: opts.action ? { 'tracegate.action': opts.action } : {} }];
    if (opts.toolError) spans.push({ spanId: hexId(8), parentSpanId: root, name: 'tool', startMs: startMs + 1, durationMs: 1, error: true, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup' } });
    return otlpTrace(hexId(16), { 'service.name': 'bot', 'service.version': release }, spans);
  };
  // v1: 4 traces in the first 15 minutes of the hour, 1 refusal, 1 tool error; durations 100..400 ms
  await postTraces(server.url, trace('v1', hourStart + 60_000, 100, { action: 'refuse' }));
  await postTraces(server.url, trace('v1', hourStart + 120_000, 200, { action: 'answer', toolError: true }));
  await postTraces(server.url, trace('v1', hourStart + 180_000, 300, { action: 'answer' }));
  await postTraces(server.url, trace('v1', hourStart + 240_000, 400, { action: 'escalate' }));
  // v2: 2 traces in the next 15-minute bucket, both errors
  await postTraces(server.url, trace('v2', hourStart + 20 * 60_000, 1000, { error: true }));
  await postTraces(server.url, trace('v2', hourStart + 21 * 60_000, 1000, { error: true }));
}

async function check(server: TestServer): Promise<void> {
  const hourStart = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000;
  await fill(server, hourStart);
  const q = `from=${new Date(hourStart).toISOString()}&to=${new Date(hourStart + 3_600_000).toISOString()}&bucket=900`;
  const res = await fetch(`${server.url}/api/stats/releases?${q}`);
  expect(res.status).toBe(200);
  const stats = (await res.json()) as Stats;
  expect(stats.bucketSeconds).toBe(900);
  expect(stats.series.map((s) => [s.service, s.release, s.traces])).toEqual([['bot', 'v1', 4], ['bot', 'v2', 2]]);
  const [v1, v2] = stats.series;
  expect(v1!.points).toHaveLength(1);
  expect(v1!.points[0]).toMatchObject({ start: new Date(hourStart).toISOString(), traces: 4, refusalRate: 0.25, escalationRate: 0.25, toolErrorRate: 0.25 });
  expect(v1!.points[0]!.p50Ms).toBeGreaterThan(200 * 0.97);
  expect(v1!.points[0]!.p50Ms).toBeLessThan(200 * 1.03);
  expect(v1!.points[0]!.p95Ms).toBeGreaterThan(400 * 0.97);
  expect(v1!.points[0]!.p95Ms).toBeLessThan(400 * 1.03);
  expect(v2!.points[0]).toMatchObject({ start: new Date(hourStart + 900_000).toISOString(), traces: 2, errorRate: 1, refusalRate: 0 });
  const bad = await fetch(`${server.url}/api/stats/releases?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z`);
  expect(bad.status).toBe(400);
}

describe('GET /api/stats/releases', () => {
  it('SQLite', async () => {
    const server = await startTestServer({ env: { TRACEGATE_JOBS: 'off' } });
    servers.push(server);
    await check(server);
  });
  it('PostgreSQL', async () => {
    const schema = `stats_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    schemas.push(schema);
    const server = await startTestServer({ databaseUrl: postgresTestUrl(schema), env: { TRACEGATE_JOBS: 'off' } });
    servers.push(server);
    await check(server);
  });
});
