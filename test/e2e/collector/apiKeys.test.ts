/** API keys: `tracegate keys create` prints a key once; once one exists every request needs a valid key; projects are isolated. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/startTestServer.js';
import { httpPost } from '../../support/httpPost.js';

const run = promisify(execFile);
let server: TestServer;

async function createKey(project: string): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, ['bin/tracegate.js', 'keys', 'create', '--project', project, '--database-url', server.databaseUrl]);
  expect(stderr).toMatch(/shown only once/);
  return stdout.trim();
}

function body(traceId: string) {
  return Buffer.from(JSON.stringify({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [{ traceId, spanId: '00000000000000a1', name: 'root', kind: 1, startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000500000000' }] }] }] }));
}

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('projects and API keys', () => {
  let keyA = '';
  let keyB = '';
  it('serves loopback without a key while no key exists', async () => {
    const res = await httpPost(`${server.url}/v1/traces`, { 'content-type': 'application/json' }, body('0'.repeat(31) + '1'));
    expect(res.status).toBe(200);
  });

  it('creates keys that are printed once and stored hashed', async () => {
    keyA = await createKey('acme');
    keyB = await createKey('globex');
    expect(keyA).toMatch(/^tg_[A-Za-z0-9_-]{40,}$/);
    expect(keyB).not.toBe(keyA);
    await new Promise((r) => setTimeout(r, 2_200)); // the open-mode cache refreshes every 2 s
  });

  it('401 for a missing or wrong key; 200 with Bearer or x-api-key', async () => {
    const ct = { 'content-type': 'application/json' };
    expect((await httpPost(`${server.url}/v1/traces`, ct, body('a'.repeat(32)))).status).toBe(401);
    expect((await httpPost(`${server.url}/v1/traces`, { ...ct, authorization: 'Bearer tg_wrong' }, body('a'.repeat(32)))).status).toBe(401);
    expect((await httpPost(`${server.url}/v1/traces`, { ...ct, authorization: `Bearer ${keyA}` }, body('a'.repeat(32)))).status).toBe(200);
    expect((await httpPost(`${server.url}/v1/traces`, { ...ct, 'x-api-key': keyB }, body('b'.repeat(32)))).status).toBe(200);
    expect((await fetch(`${server.url}/api/traces`)).status).toBe(401);
  });

  it('a key sees only its project', async () => {
    const get = (key: string, id: string) => fetch(`${server.url}/api/traces/${id}`, { headers: { authorization: `Bearer ${key}` } });
    expect((await get(keyA, 'a'.repeat(32))).status).toBe(200);
    expect((await get(keyB, 'a'.repeat(32))).status).toBe(404);
    expect((await get(keyB, 'b'.repeat(32))).status).toBe(200);
    const listA = await ((await (await fetch(`${server.url}/api/traces`, { headers: { 'x-api-key': keyA } })).json()) as any);
    expect(listA.traces.map((t: { traceId: string }) => t.traceId)).toEqual(['a'.repeat(32)]);
  });
});
