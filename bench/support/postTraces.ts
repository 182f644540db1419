/** One OTLP/HTTP protobuf POST to /v1/traces over a keep-alive agent, with extra headers (an API key); rejects on socket errors. */
import http from 'node:http';

export function postTraces(agent: http.Agent, url: string, body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter: string | undefined; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = http.request(
      `${url}/v1/traces`,
      { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: Buffer.concat(chunks) }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}
