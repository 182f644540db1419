/**
 * Issue 11 through HTTP on a real server (SQLite, default worker writer), with small limits so each
 * case is quick: trace identity per project, a big trace beside another project's traffic, requests
 * larger than the queue, bounded admission, slow bodies, per-project slots, absurd nesting, and the
 * smaller points (keys in two headers, exact media types, Content-Length past the limit, feedback on
 * an unknown trace, /readyz).
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyAdmin } from '../../../src/main.js';
import { httpPost, type RawResponse } from '../../support/httpPost.js';
import { bigTrace, deepArrayAttribute, deepKvlistJson, oneSpanTraces, spanMessage, traceRequest } from '../../support/hostileBodies.js';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';

let server: TestServer;
let keyA = '';
let keyB = '';
const PB = { 'content-type': 'application/x-protobuf' };
const JSON_CT = { 'content-type': 'application/json' };
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const post = (key: string, body: Buffer, headers: Record<string, string> = PB) => httpPost(`${server.url}/v1/traces`, { ...headers, 'x-api-key': key }, body);
const get = (key: string, path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a POST whose body never finishes; returns the response promise and a way to end the socket. */
function hangingPost(key: string, contentLength: number, firstBytes: Buffer): { response: Promise<RawResponse>; abort: () => void } {
  let abort = () => {};
  const response = new Promise<RawResponse>((resolve, reject) => {
    const req = request(`${server.url}/v1/traces`, { method: 'POST', headers: { ...PB, 'x-api-key': key, 'content-length': String(contentLength) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
    req.write(firstBytes);
    abort = () => req.destroy();
  });
  return { response, abort };
}

beforeAll(async () => {
  server = await startTestServer({
    env: {
      TRACEGATE_MAX_QUEUE_SPANS: '4000',
      TRACEGATE_MAX_PROJECT_QUEUE_SPANS: '2000',
      TRACEGATE_MAX_COMMIT_SPANS: '1000',
      TRACEGATE_MAX_INFLIGHT_REQUESTS_PER_PROJECT: '3',
      TRACEGATE_MAX_INFLIGHT_BYTES: String(4 * 1024 * 1024),
      TRACEGATE_MAX_BODY_BYTES: String(3 * 1024 * 1024),
      TRACEGATE_BODY_TIMEOUT_MS: '1500',
    },
  });
  const { admin, close } = await openKeyAdmin(server.databaseUrl);
  try {
    keyA = (await admin.create('tenant-a')).key;
    keyB = (await admin.create('tenant-b')).key;
  } finally {
    await close();
  }
  await sleep(2_200); // the open-mode cache refreshes every 2 s
}, 60_000);
afterAll(async () => server?.close());

describe('1. trace identity is (project, trace id)', () => {
  it('two projects sending one trace id (even the same span ids) each store and read their own trace', async () => {
    const t = hex(16);
    const s1 = hex(8);
    const start = BigInt(Date.now()) * 1_000_000n;
    expect((await post(keyA, traceRequest([spanMessage(t, s1, null, start)], 'svc-a'))).status).toBe(200);
    const resB = await post(keyB, traceRequest([spanMessage(t, s1, null, start), spanMessage(t, hex(8), s1, start + 1n)], 'svc-b'));
    expect(resB.status).toBe(200);
    expect(resB.body.length).toBe(0); // no partialSuccess: nothing was dropped as a duplicate
    const b = (await (await get(keyB, `/api/traces/${t}`)).json()) as { serviceName: string; spans: unknown[] };
    expect(b).toMatchObject({ serviceName: 'svc-b' });
    expect(b.spans).toHaveLength(2);
    const a = (await (await get(keyA, `/api/traces/${t}`)).json()) as { serviceName: string; spans: unknown[] };
    expect(a).toMatchObject({ serviceName: 'svc-a' });
    expect(a.spans).toHaveLength(1);
    const listB = (await (await get(keyB, '/api/traces?limit=1000')).json()) as { traces: { traceId: string }[] };
    expect(listB.traces.map((x) => x.traceId)).toContain(t);
  });
});

describe('2 and 3. a big trace and requests larger than the queue', () => {
  it('commits a 12,000-span trace sent in one request (3x the queue bound) while another project keeps getting 200', async () => {
    const { body, traceId } = bigTrace(12_000);
    const started = performance.now();
    const big = post(keyA, body);
    const other: number[] = [];
    let done = false;
    void big.finally(() => (done = true));
    while (!done) {
      other.push((await post(keyB, oneSpanTraces(20))).status);
      await sleep(20);
    }
    const res = await big;
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(other.length).toBeGreaterThan(0);
    expect(other.filter((s) => s !== 200)).toEqual([]);
    const list = (await (await get(keyA, '/api/traces?limit=1000')).json()) as { traces: { traceId: string; spanCount: number }[] };
    expect(list.traces.find((x) => x.traceId === traceId)?.spanCount).toBe(12_000);
  }, 120_000);
});

describe('4. memory is bounded before decoding', () => {
  it('refuses a Content-Length past the limit with 413 before reading the body', async () => {
    const started = performance.now();
    const { response, abort } = hangingPost(keyA, 50 * 1024 * 1024, Buffer.alloc(10));
    const res = await response;
    abort();
    expect(res.status).toBe(413);
    expect(res.body.toString()).toMatch(/exceeds the limit/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('answers 503 + Retry-After within a second when the in-flight byte budget is taken, before reading', async () => {
    const holders = [hangingPost(keyA, 2_500_000, Buffer.alloc(1_000_000)), hangingPost(keyB, 1_400_000, Buffer.alloc(1_000_000))];
    await sleep(300);
    const started = performance.now();
    const { response, abort } = hangingPost(keyB, 2_500_000, Buffer.alloc(10));
    const res = await response;
    abort();
    for (const h of holders) h.abort();
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('5. slow bodies and per-project slots', () => {
  it('cuts a body that does not arrive in time (408)', async () => {
    const started = performance.now();
    const { response, abort } = hangingPost(keyA, 100_000, Buffer.alloc(100));
    const res = await response;
    abort();
    expect(res.status).toBe(408);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a project holding all its slots gets 429; another project is still served', async () => {
    const slow = [1, 2, 3].map(() => hangingPost(keyA, 10_000, Buffer.alloc(10)));
    await sleep(200);
    const refused = await post(keyA, oneSpanTraces(1));
    const other = await post(keyB, oneSpanTraces(1));
    for (const s of slow) s.abort();
    await sleep(1_600); // the slots are free again once the aborted bodies are given up
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(other.status).toBe(200);
  });
});

describe('6. absurd nesting', () => {
  it('a JSON kvlist 6,000 deep is stored truncated with a mapping warning, and the trace reads back', async () => {
    const t = hex(16);
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${t}","spanId":"${hex(8)}","name":"deep","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000100000000","attributes":[{"key":"deep","value":${deepKvlistJson(6000)}}]}]}]}]}`;
    expect((await post(keyA, Buffer.from(body), JSON_CT)).status).toBe(200);
    const res = await get(keyA, `/api/traces/${t}`);
    expect(res.status).toBe(200);
    const trace = (await res.json()) as { warningCount: number; spans: { attributes: Record<string, unknown> }[] };
    expect(trace.warningCount).toBeGreaterThan(0);
    expect(JSON.stringify(trace.spans[0]!.attributes)).toContain('truncated: nested deeper than 64 levels');
  });

  it('a protobuf arrayValue 6,000 deep is stored truncated, and GET of the trace works every time', async () => {
    const t = hex(16);
    const body = traceRequest([spanMessage(t, hex(8), null, BigInt(Date.now()) * 1_000_000n, [deepArrayAttribute('deep', 6000)])]);
    expect((await post(keyA, body)).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await get(keyA, `/api/traces/${t}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { warningCount: number }).warningCount).toBeGreaterThan(0);
    }
  });
});

describe('9. smaller points', () => {
  it('a garbage x-api-key does not override a valid Bearer key', async () => {
    const res = await httpPost(`${server.url}/v1/traces`, { ...PB, authorization: `Bearer ${keyA}`, 'x-api-key': 'garbage' }, oneSpanTraces(1));
    expect(res.status).toBe(200);
  });

  it('matches the media type exactly: application/jsonx with a protobuf parameter is 415', async () => {
    const res = await httpPost(`${server.url}/v1/traces`, { 'content-type': 'application/jsonx; x=application/x-protobuf', 'x-api-key': keyA }, oneSpanTraces(1));
    expect(res.status).toBe(415);
  });

  it('feedback on an unknown trace id is 404; on a stored one 201', async () => {
    const fb = (key: string, traceId: string) =>
      fetch(`${server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ traceId, value: 'up' }) });
    expect((await fb(keyA, hex(16))).status).toBe(404);
    const t = hex(16);
    expect((await post(keyA, traceRequest([spanMessage(t, hex(8), null, BigInt(Date.now()) * 1_000_000n)]))).status).toBe(200);
    expect((await fb(keyA, t)).status).toBe(201);
    expect((await fb(keyB, t)).status).toBe(404); // another project's trace
  });

  it('GET /readyz answers 200 when the database answers', async () => {
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', database: 'ok' });
  });
});
