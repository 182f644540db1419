/** The simulate command against a stub OTLP endpoint: exit codes follow what the collector accepted. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';

type Behaviour = 'accept' | 'partial' | 'fail500' | 'feedback404';

let server: Server | null = null;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A stub collector: the empty probe always succeeds; real exports behave as asked. */
async function stub(behaviour: Behaviour): Promise<{ url: string; exports: number }> {
  const state = { url: '', exports: 0 };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/api/feedback') {
        if (behaviour === 'feedback404') res.writeHead(404).end('{"error":"no such trace"}');
        else res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"f"}');
        return;
      }
      const isProbe = body === '{"resourceSpans":[]}';
      if (!isProbe) state.exports++;
      if (!isProbe && behaviour === 'fail500') return void res.writeHead(500).end('boom');
      const reply = !isProbe && behaviour === 'partial' ? { partialSuccess: { rejectedSpans: 2, errorMessage: 'spans too old' } } : {};
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  return state;
}

describe('tracegate simulate exit codes', () => {
  const cases = [
    { name: 'everything accepted: 0', behaviour: 'accept' as const, code: 0, stderr: null },
    { name: 'partialSuccess rejections: 1', behaviour: 'partial' as const, code: 1, stderr: /rejected.*spans too old/s },
    { name: 'export fails with 500: 1', behaviour: 'fail500' as const, code: 1, stderr: /spans failed/ },
    { name: 'feedback refused: 1', behaviour: 'feedback404' as const, code: 1, stderr: /1 feedback failed|feedback failed/ },
  ];
  it.each(cases)('$name', async ({ behaviour, code, stderr }) => {
    const s = await stub(behaviour);
    let err = '';
    let out = '';
    const args = ['simulate', '--endpoint', s.url, '--traces', '60', '--seed', 'fb', '--quiet'];
    const rc = await runCli(args, { stdout: (t) => { out += t; }, stderr: (t) => { err += t; }, env: {}, cwd: process.cwd() });
    expect(rc).toBe(code);
    expect(s.exports).toBeGreaterThan(0);
    if (stderr) expect(err).toMatch(stderr);
    else expect(err).toBe('');
    expect(JSON.parse(out)).toMatchObject({ traces: 60, allAccepted: code === 0 });
  });

  it('--duration paces the traffic in real time (rate x duration traces)', async () => {
    const s = await stub('accept');
    let out = '';
    const started = Date.now();
    const rc = await runCli(['simulate', '--endpoint', s.url, '--duration', '1.5', '--rate', '10', '--seed', 'pace', '--quiet', '--no-feedback'], {
      stdout: (t) => { out += t; }, stderr: () => {}, env: {}, cwd: process.cwd(),
    });
    expect(rc).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ traces: 15, allAccepted: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700); // Poisson arrivals over ~1.5 s, not a burst
  });

  const usage = [
    { name: 'unknown preset', args: ['--endpoint', 'http://x', '--preset', 'nope'] },
    { name: 'traces and duration together', args: ['--endpoint', 'http://x', '--traces', '5', '--duration', '2'] },
    { name: 'missing endpoint', args: ['--traces', '5'] },
    { name: 'unknown flag', args: ['--endpoint', 'http://x', '--bogus'] },
  ];
  it.each(usage)('usage error: $name -> 2', async ({ args }) => {
    let err = '';
    const rc = await runCli(['simulate', ...args], { stdout: () => {}, stderr: (t) => { err += t; }, env: {}, cwd: process.cwd() });
    expect(rc).toBe(2);
    expect(err).toMatch(/^tracegate simulate: .*\(see 'tracegate simulate --help'\)\n$/);
  });
});
