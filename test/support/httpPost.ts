/** A raw HTTP POST for tests that need control over framing (chunked bodies, half-sent requests). */
import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Posts `body` (a Buffer, or chunks sent with chunked encoding) and resolves with the full response. */
export function httpPost(url: string, headers: Record<string, string>, body: Buffer | Buffer[]): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The server may close the socket after answering early (413/401): the response already arrived.
      if (error.code === 'EPIPE' || error.code === 'ECONNRESET') return;
      reject(error);
    });
    if (Array.isArray(body)) {
      const write = (i: number): void => {
        if (i >= body.length) return void req.end();
        if (req.destroyed) return;
        req.write(body[i], () => setImmediate(() => write(i + 1)));
      };
      write(0);
    } else {
      req.end(body);
    }
  });
}
