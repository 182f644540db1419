/** A local OpenAI-compatible chat endpoint whose replies a test scripts (for the LLM judge). */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  | { kind: 'ok'; content: string; promptTokens?: number; completionTokens?: number }
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'hang' }
  | { kind: 'raw'; body: string };

export interface FakeJudgeServer {
  baseUrl: string;
  /** Requests received (parsed bodies). */
  requests: Array<{ model: string; prompt: string; atMs: number }>;
  /** Most requests in flight at once. */
  maxInFlight: number;
  setHandler(h: (req: { model: string; prompt: string; n: number }) => FakeReply | Promise<FakeReply>): void;
  close(): Promise<void>;
}

export async function startFakeJudgeServer(): Promise<FakeJudgeServer> {
  let handler: (req: { model: string; prompt: string; n: number }) => FakeReply | Promise<FakeReply> = () => ({ kind: 'ok', content: '{"label":"good","score":4,"explanation":"fine"}' });
  const requests: FakeJudgeServer['requests'] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const hung: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', async () => {
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      const parsed = JSON.parse(body) as { model: string; messages: Array<{ content: string }> };
      const entry = { model: parsed.model, prompt: parsed.messages[0]?.content ?? '', atMs: Date.now() };
      requests.push(entry);
      const reply = await handler({ model: entry.model, prompt: entry.prompt, n: requests.length });
      const done = () => (inFlight--);
      if (reply.kind === 'hang') {
        hung.push(res);
        res.on('close', done);
        return;
      }
      done();
      if (reply.kind === 'status') {
        res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.retryAfter ? { 'retry-after': reply.retryAfter } : {}) });
        res.end('{"error":{"message":"try later"}}');
      } else if (reply.kind === 'raw') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(reply.body);
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: reply.content } }], usage: { prompt_tokens: reply.promptTokens ?? 1000, completion_tokens: reply.completionTokens ?? 100 } }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    setHandler: (h) => (handler = h),
    close: async () => {
      for (const r of hung) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
