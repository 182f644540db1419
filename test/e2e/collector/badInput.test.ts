/** Every error outcome of the OTLP receiver and the API, over real HTTP. */
import { gzipSync, deflateSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { httpPost } from '../../support/httpPost.js';

const MiB = 1024 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { TRACEGATE_MAX_BODY_BYTES: String(1 * MiB), TRACEGATE_MAX_INFLIGHT_REQUESTS: '2' } });
});
afterAll(async () => server?.close());

const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
function jsonBody(spans: Array<{ traceId: string; spanId: string }>) {
  return Buffer.from(
    JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] },
          scopeSpans: [
            {
              scope: { name: 't' },
              spans: spans.map((s) => ({ ...s, name: 'chat gpt-4o', kind: 3, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000', attributes: [] })),
            },
          ],
        },
      ],
    }),
  );
}
const JSON_CT = { 'content-type': 'application/json' };
const PROTO_CT = { 'content-type': 'application/x-protobuf' };

async function spanCount(traceId: string): Promise<number> {
  const res = await fetch(`${server.url}/api/traces/${traceId}`);
  if (res.status === 404) return 0;
  return ((await res.json()) as any).spans.length;
}

describe('OTLP receiver outcomes', () => {
  it('200 with an empty ExportTraceServiceResponse on full success (charset suffix allowed)', async () => {
    const res = await httpPost(`${server.url}/v1/traces`, { 'content-type': 'application/json; charset=utf-8' }, jsonBody([{ traceId: hex(1, 32), spanId: hex(1, 16) }]));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(res.body.toString())).toEqual({});
  });

  it('200 with partialSuccess.rejectedSpans when some spans are invalid; valid ones stored', async () => {
    const res = await httpPost(`${server.url}/v1/traces`, JSON_CT, jsonBody([{ traceId: hex(2, 32), spanId: hex(2, 16) }, { traceId: hex(2, 32), spanId: 'nothex' }]));
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString());
    expect(body.partialSuccess.rejectedSpans).toBe('1');
    expect(body.partialSuccess.errorMessage).toMatch(/span/i);
    expect(await spanCount(hex(2, 32))).toBe(1);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/tracegate_spans_rejected_total\{reason="[a-z_]+"\} 1/);
  });

  it('is idempotent: a retried batch does not duplicate spans', async () => {
    const body = jsonBody([{ traceId: hex(3, 32), spanId: hex(31, 16) }, { traceId: hex(3, 32), spanId: hex(32, 16) }]);
    for (let i = 0; i < 3; i++) expect((await httpPost(`${server.url}/v1/traces`, JSON_CT, body)).status).toBe(200);
    expect(await spanCount(hex(3, 32))).toBe(2);
  });

  it('accepts gzip and deflate bodies, and chunked bodies without Content-Length', async () => {
    const g = await httpPost(`${server.url}/v1/traces`, { ...JSON_CT, 'content-encoding': 'gzip' }, gzipSync(jsonBody([{ traceId: hex(4, 32), spanId: hex(4, 16) }])));
    const d = await httpPost(`${server.url}/v1/traces`, { ...JSON_CT, 'content-encoding': 'deflate' }, deflateSync(jsonBody([{ traceId: hex(4, 32), spanId: hex(5, 16) }])));
    const whole = jsonBody([{ traceId: hex(4, 32), spanId: hex(6, 16) }]);
    const c = await httpPost(`${server.url}/v1/traces`, JSON_CT, [whole.subarray(0, 10), whole.subarray(10)]);
    expect([g.status, d.status, c.status]).toEqual([200, 200, 200]);
    expect(await spanCount(hex(4, 32))).toBe(3);
  });

  const bad = [
    { name: 'garbage JSON', headers: JSON_CT, body: Buffer.from('{"resourceSpans": [') , status: 400 },
    { name: 'snake_case keys', headers: JSON_CT, body: Buffer.from('{"resource_spans":[{"scope_spans":[]}]}'), status: 400 },
    { name: 'truncated protobuf', headers: PROTO_CT, body: Buffer.from([0x0a, 0x80, 0x01, 0x0a, 0x05]), status: 400 },
    { name: 'a bad gzip stream', headers: { ...PROTO_CT, 'content-encoding': 'gzip' }, body: Buffer.from('not gzip at all'), status: 400 },
    { name: 'an unknown content type', headers: { 'content-type': 'text/plain' }, body: Buffer.from('hello'), status: 415 },
    { name: 'an unknown content encoding', headers: { ...JSON_CT, 'content-encoding': 'br' }, body: Buffer.from('{}'), status: 415 },
  ];
  it.each(bad)('$name -> $status with a google.rpc.Status body', async ({ headers, body, status }) => {
    const res = await httpPost(`${server.url}/v1/traces`, headers, body);
    expect(res.status).toBe(status);
    if (String(res.headers['content-type']).includes('json')) {
      const parsed = JSON.parse(res.body.toString());
      expect(typeof parsed.message).toBe('string');
      expect(parsed.message.length).toBeGreaterThan(5);
    } else {
      expect(res.body.length).toBeGreaterThan(5); // protobuf Status with a message
    }
  });

  it('413 for a body past the limit, counted while streaming (chunked, no Content-Length)', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const res = await httpPost(`${server.url}/v1/traces`, JSON_CT, Array.from({ length: 8 }, () => chunk));
    expect(res.status).toBe(413);
  });

  it('413 for a gzip bomb (small on the wire, huge inflated) without exhausting memory', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * MiB, 0)); // ~200 KiB compressed
    expect(bomb.length).toBeLessThan(MiB);
    const before = process.memoryUsage().rss;
    const res = await httpPost(`${server.url}/v1/traces`, { ...PROTO_CT, 'content-encoding': 'gzip' }, bomb);
    expect(res.status).toBe(413);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * MiB);
  });

  it('503 with Retry-After when too many requests are in flight (never 500)', async () => {
    // Two half-sent requests occupy both in-flight slots; the third is refused at once.
    const hold = () => {
      const req = request(`${server.url}/v1/traces`, { method: 'POST', headers: JSON_CT });
      req.on('error', () => {});
      req.write('{"resourceSpans":');
      return req;
    };
    const held = [hold(), hold()];
    await new Promise((r) => setTimeout(r, 200));
    const res = await httpPost(`${server.url}/v1/traces`, JSON_CT, jsonBody([{ traceId: hex(9, 32), spanId: hex(9, 16) }]));
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    for (const r of held) r.destroy();
  });

  it('accepts and ignores /v1/metrics; accepts /v1/logs', async () => {
    const m = await httpPost(`${server.url}/v1/metrics`, JSON_CT, Buffer.from('{"resourceMetrics":[]}'));
    expect(m.status).toBe(200);
    const l = await httpPost(`${server.url}/v1/logs`, JSON_CT, Buffer.from('{"resourceLogs":[]}'));
    expect(l.status).toBe(200);
  });
});

describe('query API errors', () => {
  it('404 with a JSON error for an unknown trace id', async () => {
    const res = await fetch(`${server.url}/api/traces/${hex(0xdead, 32)}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.message).toMatch(/not found/);
  });
  it.each([
    { name: 'malformed trace id', path: '/api/traces/xyz%3Cscript%3E' },
    { name: 'bad from time', path: '/api/traces?from=yesterday' },
    { name: 'limit out of range', path: '/api/traces?limit=100000' },
    { name: 'bad cursor', path: '/api/traces?cursor=%27%3B%20DROP%20TABLE' },
  ])('400 for $name', async ({ path }) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(400);
    expect(typeof ((await res.json()) as any).error.message).toBe('string');
  });
  it('400 for feedback without value or score; 201 with one', async () => {
    const bad = await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: JSON_CT, body: JSON.stringify({ traceId: hex(1, 32) }) });
    expect(bad.status).toBe(400);
    const ok = await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: JSON_CT, body: JSON.stringify({ traceId: hex(1, 32), value: 'down', comment: 'wrong order', userId: 'u1' }) });
    expect(ok.status).toBe(201);
    const trace = await ((await (await fetch(`${server.url}/api/traces/${hex(1, 32)}`)).json()) as any);
    expect(trace.feedback).toMatchObject([{ value: 'down', comment: 'wrong order', userId: 'u1' }]);
  });
});
