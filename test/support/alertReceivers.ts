/** Local HTTP receivers shaped like a generic webhook endpoint, a Slack incoming webhook and PagerDuty Events API v2. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One received request. */
export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: unknown;
}

/** A running receiver; `fail` makes the next requests answer that status (shifted per request). */
export interface Receiver {
  url: string;
  received: Received[];
  fail: number[];
  close(): Promise<void>;
}

/**
 * Starts a receiver. Slack answers 200 `ok` (400 `invalid_payload` without text/blocks); PagerDuty answers
 * 202 {"status":"success"} (400 without routing_key, event_action or dedup_key); a webhook answers 204.
 */
export async function startReceiver(kind: 'webhook' | 'slack' | 'pagerduty'): Promise<Receiver> {
  const received: Received[] = [];
  const fail: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try { body = JSON.parse(raw); } catch { /* kept raw */ }
      const forced = fail.shift();
      if (forced !== undefined) { res.statusCode = forced; res.end('forced failure'); return; }
      received.push({ headers: req.headers, raw, body });
      const b = body as Record<string, unknown> | null;
      if (kind === 'slack') {
        const ok = b !== null && (typeof b.text === 'string' || Array.isArray(b.blocks));
        res.statusCode = ok ? 200 : 400;
        res.end(ok ? 'ok' : 'invalid_payload');
      } else if (kind === 'pagerduty') {
        const ok = b !== null && typeof b.routing_key === 'string' && ['trigger', 'resolve', 'acknowledge'].includes(String(b.event_action))
          && (b.event_action === 'trigger' ? typeof (b.payload as Record<string, unknown> | undefined)?.summary === 'string' : typeof b.dedup_key === 'string');
        res.statusCode = ok ? 202 : 400;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(ok ? { status: 'success', message: 'Event processed', dedup_key: b!.dedup_key } : { status: 'invalid event', message: 'Event object is invalid' }));
      } else {
        res.statusCode = 204;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/hook`, received, fail, close: () => new Promise((r) => server.close(() => r())) };
}
