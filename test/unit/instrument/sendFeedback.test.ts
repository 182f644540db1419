import { describe, expect, it } from 'vitest';
import { sendFeedback, type FeedbackInput } from '../../../src/instrument/index.js';

const traceId = '0af7651916cd43dd8448eb211c80319c';

function recordingFetch(status: number, body: string) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fake = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status });
  }) as unknown as typeof fetch;
  return { calls, fake };
}

describe('sendFeedback', () => {
  const cases: Array<{ name: string; input: Omit<FeedbackInput, 'fetch'>; status: number; body: string; expected: object; sentBody?: object }> = [
    {
      name: 'thumbs down with comment and key',
      input: { endpoint: 'http://tg/', key: 'k', traceId, value: 'down', comment: 'wrong answer', userId: 'u1' },
      status: 201,
      body: '{"id":"fb-1"}',
      expected: { ok: true, id: 'fb-1' },
      sentBody: { traceId, value: 'down', comment: 'wrong answer', userId: 'u1' },
    },
    { name: 'score only', input: { endpoint: 'http://tg', traceId, score: 0.8 }, status: 201, body: '{"id":"fb-2"}', expected: { ok: true, id: 'fb-2' }, sentBody: { traceId, score: 0.8 } },
    { name: 'server rejects', input: { endpoint: 'http://tg', traceId, value: 'up' }, status: 404, body: 'no such trace', expected: { ok: false, reason: 'rejected', status: 404 } },
    { name: 'neither value nor score', input: { endpoint: 'http://tg', traceId }, status: 201, body: '{}', expected: { ok: false, reason: 'invalid' } },
    { name: 'score out of range', input: { endpoint: 'http://tg', traceId, score: 1.5 }, status: 201, body: '{}', expected: { ok: false, reason: 'invalid' } },
    { name: 'malformed trace id', input: { endpoint: 'http://tg', traceId: 'xyz', value: 'up' }, status: 201, body: '{}', expected: { ok: false, reason: 'invalid' } },
  ];
  it.each(cases)('$name', async ({ input, status, body, expected, sentBody }) => {
    const { calls, fake } = recordingFetch(status, body);
    const result = await sendFeedback({ ...input, fetch: fake });
    expect(result).toMatchObject(expected);
    if (sentBody) {
      expect(calls[0]?.url).toBe('http://tg/api/feedback');
      expect(JSON.parse(String(calls[0]?.init.body))).toEqual(sentBody);
      const headers = calls[0]?.init.headers as Record<string, string>;
      expect(headers.authorization).toBe(input.key ? `Bearer ${input.key}` : undefined);
    }
    if (expected && (expected as { reason?: string }).reason === 'invalid') expect(calls).toHaveLength(0);
  });

  it('reports an unreachable endpoint without throwing', async () => {
    const result = await sendFeedback({ endpoint: 'http://127.0.0.1:9', traceId, value: 'up', timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, reason: 'unreachable' });
  });
});
