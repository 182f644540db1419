/**
 * A fake OpenAI-compatible server (POST /v1/chat/completions, non-streaming) so the example runs
 * offline. It behaves like a small support model: asks for tools when it sees an order number or a
 * request for a human, answers from the tool result or from the help-center context in the system
 * message (with a citation), refuses requests for other people's data (finish_reason
 * content_filter), asks a clarifying question when the request is vague, and abstains otherwise.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface ChatMessage {
  role: string;
  content?: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

type Reply = { content: string | null; finish: 'stop' | 'tool_calls' | 'content_filter'; toolCall?: { name: string; arguments: Record<string, string> } };

let callCounter = 0;

/** Decides the reply for a conversation (exported for reading; the server is the public surface). */
export function decideReply(messages: ChatMessage[]): Reply {
  const last = messages[messages.length - 1];
  const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  if (last?.role === 'tool') {
    const result = JSON.parse(last.content ?? '{}') as Record<string, string>;
    if (result.error) return { content: `I couldn't find that order (${result.error}). Could you double-check the order number?`, finish: 'stop' };
    if (result.ticket) return { content: `I've passed this to a human colleague; your ticket is ${result.ticket}. They will contact you shortly.`, finish: 'stop' };
    return { content: `Order ${result.orderId} is ${result.status}; expected delivery: ${result.eta}.`, finish: 'stop' };
  }
  if (/card number|home address|password of/i.test(user)) return { content: null, finish: 'content_filter' };
  if (/human|person|manager|complaint/i.test(user)) return { content: null, finish: 'tool_calls', toolCall: { name: 'escalate_to_human', arguments: { reason: user.slice(0, 80) } } };
  const order = user.match(/order\s*#?(\d{3,})/i);
  if (order?.[1]) return { content: null, finish: 'tool_calls', toolCall: { name: 'lookup_order', arguments: { orderId: order[1] } } };
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const doc = system.match(/\[(kb-[a-z-]+)\] ([^\n]+)/);
  if (doc) return { content: `${doc[2]} [1]\n\nSource: [1] ${doc[1]}`, finish: 'stop' };
  if (user.trim().split(/\s+/).length < 5) return { content: 'Could you tell me a bit more, for example your order number?', finish: 'stop' };
  return { content: "I'm sorry, I don't have information about that in our help center.", finish: 'stop' };
}

const tokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

/** Starts the fake server on 127.0.0.1 (port 0 by default); `baseURL` is what the openai client needs. */
export async function startFakeOpenAi(port = 0): Promise<{ baseURL: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: ChatMessage[] };
      const reply = decideReply(body.messages);
      const toolCalls = reply.toolCall
        ? [{ id: `call_${++callCounter}`, type: 'function', function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) } }]
        : undefined;
      const prompt = body.messages.map((m) => m.content ?? '').join('\n');
      const completion = {
        id: `chatcmpl-fake-${++callCounter}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: `${body.model}-2024-07-18`,
        choices: [{ index: 0, finish_reason: reply.finish, message: { role: 'assistant', content: reply.content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) } }],
        usage: { prompt_tokens: tokens(prompt), completion_tokens: reply.content ? tokens(reply.content) : toolCalls ? 12 : 0, total_tokens: 0 },
      };
      completion.usage.total_tokens = completion.usage.prompt_tokens + completion.usage.completion_tokens;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion));
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const { port: bound } = server.address() as AddressInfo;
  return { baseURL: `http://127.0.0.1:${bound}/v1`, close: () => new Promise((r) => server.close(() => r())) };
}
