import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAction, startTracing, withAgent, withTool } from '../../../src/instrument/index.js';

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: Array<{ name: string; attributes: Array<{ key: string }> }> }> }> };
}

const received: Received[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    let raw = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
    received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw.toString('utf8')) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('startTracing', () => {
  it('exports batched OTLP/JSON with key, gzip, resource; flushes on shutdown; no logs/metrics', async () => {
    const handle = startTracing({
      endpoint: base,
      key: 'tg-key',
      serviceName: 'support-bot',
      serviceVersion: '1.4.0',
      environment: 'production',
      compression: 'gzip',
      handleSignals: false,
      env: { OTEL_EXPORTER_OTLP_HEADERS: 'x-extra=1' },
    });
    await withAgent({ name: 'support-agent' }, async () => {
      await withTool({ name: 'lookup_order' }, () => 'ok');
      recordAction('answer');
    });
    expect(received).toHaveLength(0); // batching: nothing sent before the flush
    await handle.shutdown();
    await handle.shutdown(); // idempotent

    expect(received.map((r) => r.path)).toEqual(['/v1/traces']);
    const [req] = received;
    expect(req?.headers.authorization).toBe('Bearer tg-key');
    expect(req?.headers['x-extra']).toBe('1');
    expect(req?.headers['content-encoding']).toBe('gzip');
    const rs = req?.body.resourceSpans[0];
    const resource = Object.fromEntries((rs?.resource.attributes ?? []).map((a) => [a.key, a.value.stringValue]));
    expect(resource).toMatchObject({ 'service.name': 'support-bot', 'service.version': '1.4.0', 'deployment.environment.name': 'production' });
    const names = rs?.scopeSpans.flatMap((s) => s.spans.map((sp) => sp.name)).sort();
    expect(names).toEqual(['execute_tool lookup_order', 'invoke_agent support-agent']);
  });
});
