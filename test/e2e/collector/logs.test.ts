/** Service logs: JSON lines, no credential in any line at debug level, client aborts at debug. */
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.js';
import { runCli } from '../../../src/cli/main.js';
import { loadConfig } from '../../../src/config.js';
import { startService, type RunningService } from '../../../src/main.js';

const lines: string[] = [];
let service: RunningService;
let dir: string;
let databaseUrl: string;
let key = '';
let keyCreation = { code: -1, stderr: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tracegate-logs-'));
  databaseUrl = `file:${join(dir, 'tracegate.db')}`;
  const parsed = loadConfig(['--port', '0', '--host', '127.0.0.1'], { DATABASE_URL: databaseUrl });
  if (!parsed.ok) throw new Error(parsed.message);
  service = await startService(parsed.config, createLogger('debug', (line) => lines.push(line)));
  // A key created while the service runs (its output is checked below).
  let out = '';
  keyCreation = { code: await runCli(['keys', 'create', '--project', 'logs', '--database-url', databaseUrl], { stdout: (t) => { out += t; }, stderr: (t) => { keyCreation.stderr += t; }, env: {}, cwd: dir }), stderr: keyCreation.stderr };
  key = out.trim();
  // The service may still hold its "no key exists yet" answer from start-up (cached for up to 2 s):
  // wait until a wrong key is refused, so the statuses below do not depend on the machine's speed.
  const linesBeforeProbe = lines.length;
  for (let i = 0; i < 50; i++) {
    const r = await fetch(`${service.url}/api/traces`, { headers: { 'x-api-key': `tg_${'Z'.repeat(43)}` } });
    if (r.status === 401) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  lines.splice(linesBeforeProbe); // the probes' own request lines are not part of the checks below
});
afterAll(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

const JSON_CT = { 'content-type': 'application/json' };
const traceBody = (traceId: string) =>
  JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId, spanId: '1'.repeat(16), name: 'chat', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000' }] }] }] });

/** Sends headers and part of a declared body, then closes the socket. */
function abortMidBody(url: string, key: string): Promise<void> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nx-api-key: ${key}\r\nContent-Length: 100000\r\n\r\n{"resourceSpans":[`);
      setTimeout(() => { socket.destroy(); resolve(); }, 200);
    });
    socket.on('error', () => resolve());
  });
}

describe('service logs', () => {
  it('carry no API key or Authorization value at debug level, across key creation and keyed requests', async () => {
    expect(keyCreation.code).toBe(0);
    expect(key).toMatch(/^tg_[A-Za-z0-9_-]{40,}$/);
    expect(keyCreation.stderr).toMatch(/created API key/);
    expect(keyCreation.stderr).not.toContain(key);
    const wrongKey = `tg_${'W'.repeat(43)}`;
    const basic = 'Basic dXNlcjpzM2NyZXQtcGFzc3dvcmQ=';

    const requests: Array<[string, RequestInit]> = [
      ['/v1/traces', { method: 'POST', headers: { ...JSON_CT, authorization: `Bearer ${key}` }, body: traceBody('a'.repeat(32)) }],
      ['/v1/traces', { method: 'POST', headers: { ...JSON_CT, 'x-api-key': key }, body: traceBody('b'.repeat(32)) }],
      ['/v1/traces', { method: 'POST', headers: { ...JSON_CT, authorization: `Bearer ${wrongKey}` }, body: traceBody('c'.repeat(32)) }],
      ['/v1/traces', { method: 'POST', headers: { ...JSON_CT, 'x-api-key': wrongKey }, body: traceBody('d'.repeat(32)) }],
      ['/v1/traces', { method: 'POST', headers: { ...JSON_CT, authorization: basic }, body: traceBody('e'.repeat(32)) }],
      [`/api/traces/${'a'.repeat(32)}`, { headers: { authorization: `Bearer ${key}` } }],
      ['/api/traces', { headers: { 'x-api-key': key, cookie: 'session=s3cret-cookie' } }],
      ['/api/feedback', { method: 'POST', headers: { ...JSON_CT, authorization: `Bearer ${key}` }, body: JSON.stringify({ traceId: 'a'.repeat(32), value: 'up' }) }],
      ['/no/such/route', { method: 'POST', headers: { ...JSON_CT, 'x-api-key': key }, body: '{}' }],
    ];
    const statuses: number[] = [];
    for (const [path, init] of requests) statuses.push((await fetch(`${service.url}${path}`, init)).status);
    expect(statuses).toEqual([200, 200, 401, 401, 401, 200, 200, 201, 404]);
    await new Promise((r) => setTimeout(r, 100));

    const all = lines.join('');
    for (const secret of [key, key.slice(3), wrongKey, 'dXNlcjpzM2NyZXQtcGFzc3dvcmQ=', 's3cret-cookie', 'Bearer ']) expect(all).not.toContain(secret);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = parsed.filter((l) => l.msg === 'request' && l.level === 'debug');
    expect(requestLines.length).toBeGreaterThanOrEqual(requests.length);
    const headers = requestLines.map((l) => l.headers as Record<string, string>);
    expect(headers.filter((h) => h.authorization === '[Redacted]')).toHaveLength(5);
    expect(headers.filter((h) => h['x-api-key'] === '[Redacted]')).toHaveLength(4);
    expect(headers.some((h) => h.cookie === '[Redacted]')).toBe(true);
    expect(headers.every((h) => typeof h['content-type'] === 'string' || h['content-type'] === undefined)).toBe(true);
  });

  it('logs a client that aborts mid-body at debug, not error', async () => {
    const before = lines.length;
    await abortMidBody(service.url, key);
    await new Promise((r) => setTimeout(r, 500));
    const parsed = lines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => l.level === 'error')).toEqual([]);
    expect(parsed).toContainEqual(expect.objectContaining({ level: 'debug', msg: 'client aborted the request', signal: 'traces' }));
  });
});
