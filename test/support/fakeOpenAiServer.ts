/**
 * A fake OpenAI-compatible HTTP server on 127.0.0.1 (port 0) for end-to-end tests of real LLM
 * instrumentation libraries. Replies are scripted by a marker in the last user message, so tests are
 * deterministic and can derive their expectations (tokens, finish reasons) from `FAKE_REPLIES`.
 *
 * Routes: POST /v1/chat/completions (JSON, or SSE when `stream: true`; usage in the last chunk only
 * with `stream_options.include_usage`, as OpenAI does) and POST /v1/embeddings.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Token usage as OpenAI reports it. */
export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** One scripted chat reply. */
export interface FakeReply {
  /** Text in the last user message that selects this reply (null: selected by conversation state). */
  marker: string | null;
  /** Assistant text; null for a pure tool-call reply or a filtered one. */
  content: string | null;
  /** OpenAI finish_reason. */
  finishReason: 'stop' | 'length' | 'tool_calls' | 'content_filter';
  toolCall: { id: string; name: string; arguments: string } | null;
  usage: FakeUsage;
}

/** The scripted chat replies. `toolFinal` answers any request whose last message is a tool result. */
export const FAKE_REPLIES = {
  plain: { marker: '[plain]', content: 'Paris is the capital of France.', finishReason: 'stop', toolCall: null, usage: { prompt_tokens: 14, completion_tokens: 8 } },
  refusal: {
    marker: '[refuse]',
    content: "I'm sorry, but I can't help with that request.",
    finishReason: 'stop',
    toolCall: null,
    usage: { prompt_tokens: 19, completion_tokens: 12 },
  },
  contentFilter: { marker: '[filter]', content: null, finishReason: 'content_filter', toolCall: null, usage: { prompt_tokens: 17, completion_tokens: 0 } },
  length: { marker: '[length]', content: 'Once upon a time there was a', finishReason: 'length', toolCall: null, usage: { prompt_tokens: 11, completion_tokens: 7 } },
  toolCall: {
    marker: '[tool]',
    content: null,
    finishReason: 'tool_calls',
    toolCall: { id: 'call_fake_weather_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    usage: { prompt_tokens: 53, completion_tokens: 16 },
  },
  toolFinal: { marker: null, content: 'It is 21 degrees and sunny in Paris.', finishReason: 'stop', toolCall: null, usage: { prompt_tokens: 81, completion_tokens: 11 } },
} as const satisfies Record<string, FakeReply>;

/** The marker that makes the server answer HTTP 500 (no retry-worthy headers). */
export const FAKE_ERROR_MARKER = '[error]';
/** Body of the scripted 500. */
export const FAKE_ERROR_BODY = { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } };

/** Embeddings: `EMBEDDING_TOKENS_PER_INPUT` prompt tokens per input string, vectors of `EMBEDDING_DIMENSIONS`. */
export const EMBEDDING_TOKENS_PER_INPUT = 6;
export const EMBEDDING_DIMENSIONS = 4;

/** The model the fake reports for a requested model (a dated snapshot, as OpenAI does). */
export function fakeResponseModel(requestModel: string): string {
  return `${requestModel}-2024-07-18`;
}

/** A request the fake received. */
export interface FakeRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** A running fake server. `baseURL` ends in `/v1` (what OpenAI clients take). */
export interface FakeOpenAiServer {
  url: string;
  baseURL: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

type ChatMessage = { role?: unknown; content?: unknown };

function messageText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p && typeof p.text === 'string' ? p.text : '')).join(' ');
  return '';
}

/** Chooses the scripted reply (or 'error') for a chat request's messages. */
export function chooseFakeReply(messages: ChatMessage[]): FakeReply | 'error' {
  const last = messages[messages.length - 1];
  if (last?.role === 'tool') return FAKE_REPLIES.toolFinal;
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const text = messageText(lastUser?.content);
  if (text.includes(FAKE_ERROR_MARKER)) return 'error';
  for (const reply of Object.values(FAKE_REPLIES) as FakeReply[]) {
    if (reply.marker && text.includes(reply.marker)) return reply;
  }
  return FAKE_REPLIES.plain;
}

function usageJson(u: FakeUsage) {
  return { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens, total_tokens: u.prompt_tokens + u.completion_tokens };
}

let counter = 0;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  // `connection: close` keeps sockets out of client pools: no keep-alive reuse races between tests.
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': `req_fake_${++counter}`, connection: 'close' });
  res.end(text);
}

function chatCompletion(model: string, reply: FakeReply) {
  const message: Record<string, unknown> = { role: 'assistant', content: reply.content, refusal: null };
  if (reply.toolCall) {
    message.tool_calls = [{ id: reply.toolCall.id, type: 'function', function: { name: reply.toolCall.name, arguments: reply.toolCall.arguments } }];
  }
  return {
    id: `chatcmpl-fake${++counter}`,
    object: 'chat.completion',
    created: 1_764_000_000,
    model: fakeResponseModel(model),
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, message, logprobs: null, finish_reason: reply.finishReason }],
    usage: usageJson(reply.usage),
  };
}

function streamChat(res: ServerResponse, model: string, reply: FakeReply, includeUsage: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'close' });
  const id = `chatcmpl-fake${++counter}`;
  const base = { id, object: 'chat.completion.chunk', created: 1_764_000_000, model: fakeResponseModel(model), system_fingerprint: 'fp_fake' };
  const send = (chunk: unknown) => res.write(`data: ${JSON.stringify(chunk)}\n\n`);
  const choice = (delta: unknown, finish: string | null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  send(choice({ role: 'assistant', content: '', refusal: null }, null));
  if (reply.content) for (const piece of reply.content.match(/\S+\s*/g) ?? []) send(choice({ content: piece }, null));
  if (reply.toolCall) {
    const tc = reply.toolCall;
    send(choice({ tool_calls: [{ index: 0, id: tc.id, type: 'function', function: { name: tc.name, arguments: '' } }] }, null));
    const half = Math.floor(tc.arguments.length / 2);
    for (const part of [tc.arguments.slice(0, half), tc.arguments.slice(half)]) send(choice({ tool_calls: [{ index: 0, function: { arguments: part } }] }, null));
  }
  send(choice({}, reply.finishReason));
  if (includeUsage) send({ ...base, choices: [], usage: usageJson(reply.usage) });
  res.end('data: [DONE]\n\n');
}

function handleChat(body: Record<string, unknown>, res: ServerResponse): void {
  const model = typeof body.model === 'string' ? body.model : 'unknown-model';
  const messages = Array.isArray(body.messages) ? (body.messages as ChatMessage[]) : [];
  const reply = chooseFakeReply(messages);
  if (reply === 'error') return sendJson(res, 500, FAKE_ERROR_BODY);
  if (body.stream === true) {
    const opts = body.stream_options as { include_usage?: unknown } | undefined;
    return streamChat(res, model, reply, opts?.include_usage === true);
  }
  sendJson(res, 200, chatCompletion(model, reply));
}

function handleEmbeddings(body: Record<string, unknown>, res: ServerResponse): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const model = typeof body.model === 'string' ? body.model : 'unknown-model';
  const tokens = EMBEDDING_TOKENS_PER_INPUT * inputs.length;
  const base64 = body.encoding_format === 'base64';
  const data = inputs.map((_, index) => {
    const vector = Array.from({ length: EMBEDDING_DIMENSIONS }, (_v, i) => (index + 1) / (i + 2));
    const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  sendJson(res, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        return sendJson(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push({ path, headers: req.headers, body });
      if (req.method === 'POST' && path === '/v1/chat/completions') return handleChat(body, res);
      if (req.method === 'POST' && path === '/v1/embeddings') return handleEmbeddings(body, res);
      sendJson(res, 404, { error: { message: `fake server: no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseURL: `${url}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
