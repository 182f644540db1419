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
  // Says where data sent without a key went and how to read it.
  expect(stderr).toMatch(/project 'default'/);
  if (project !== 'default') expect(stderr).toMatch(/tracegate keys create --project default/);
  return stdout.trim();
}

const keys = (...args: string[]) => run(process.execPath, ['bin/tracegate.js', 'keys', ...args, '--database-url', server.databaseUrl]);

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

  it('keys list shows every key or one project\'s, never the key itself', { timeout: 120_000 }, async () => {
    const all = (await keys('list')).stdout;
    expect(all.split('\n')[0]).toMatch(/^ID\s+PREFIX\s+PROJECT\s+NAME\s+CREATED\s+REVOKED$/);
    expect(all).toMatch(/acme/);
    expect(all).toMatch(/globex/);
    expect(all).not.toContain(keyA);
    const acme = (await keys('list', '--project', 'acme')).stdout.trim().split('\n');
    expect(acme).toHaveLength(2);
    expect(acme[1]).toContain(keyA.slice(0, 9));
    expect(acme[1]).toMatch(/active$/);
  });

  it('keys revoke (by id or by full key) is refused by the running collector within 5 s', async () => {
    const ct = { 'content-type': 'application/json', authorization: `Bearer ${keyA}` };
    expect((await httpPost(`${server.url}/v1/traces`, ct, body('c'.repeat(32)))).status).toBe(200); // cached as valid now
    const id = (await keys('list', '--project', 'acme')).stdout.trim().split('\n')[1]!.split(/\s+/)[0]!;
    const revoked = await keys('revoke', id);
    expect(revoked.stderr).toMatch(/revoked API key/);
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 10_000) {
      status = (await httpPost(`${server.url}/v1/traces`, ct, body('c'.repeat(32)))).status;
      if (status === 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await keys('list', '--project', 'acme')).stdout).not.toMatch(/active$/m);
    // Again, or by the full key: exit 1 with a message.
    await expect(keys('revoke', keyA)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/revoked already/) });
    await expect(keys('revoke', 'no-such-id')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/no API key matches/) });
    const byKey = await keys('revoke', keyB);
    expect(byKey.stderr).toMatch(/project 'globex'/);
  }, 180_000);
});
