/** readBody enforces the byte limit on the wire and after decompression, streaming, without buffering a bomb. */
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../../collectors/index.js';

const payload = Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: Array.from({ length: 200 }, (_, i) => ({ name: `span ${i}` })) }] }] }));

/** Splits a buffer into chunks the way a chunked HTTP body arrives. */
function chunked(buf: Buffer, size = 1000): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

describe('readBody decodes every supported Content-Encoding', () => {
  it.each([
    { name: 'no Content-Encoding', encoding: undefined, wire: payload },
    { name: 'identity', encoding: 'identity', wire: payload },
    { name: 'gzip', encoding: 'gzip', wire: gzipSync(payload) },
    { name: 'x-gzip alias, upper case', encoding: 'X-GZIP', wire: gzipSync(payload) },
    { name: 'gzip listed with identity', encoding: 'identity, gzip', wire: gzipSync(payload) },
    { name: 'deflate (zlib-wrapped)', encoding: 'deflate', wire: deflateSync(payload) },
    { name: 'deflate sent raw (RFC 1951)', encoding: 'deflate', wire: deflateRawSync(payload) },
    { name: 'concatenated gzip members', encoding: 'gzip', wire: Buffer.concat([gzipSync(payload.subarray(0, 100)), gzipSync(payload.subarray(100))]) },
  ])('$name', async ({ encoding, wire }) => {
    const r = await readBody(Readable.from(chunked(wire)), { contentEncoding: encoding, maxBodyBytes: 1 << 20 });
    expect(r).toEqual({ ok: true, bytes: payload });
  });

  it('an empty body is empty bytes, compressed or not', async () => {
    for (const contentEncoding of [undefined, 'gzip', 'deflate']) {
      expect(await readBody(Readable.from([]), { contentEncoding, maxBodyBytes: 10 })).toEqual({ ok: true, bytes: Buffer.alloc(0) });
    }
  });

  it('accepts string chunks and plain async iterables', async () => {
    async function* source(): AsyncGenerator<string> { yield '{"a":'; yield '1}'; }
    expect(await readBody(source(), { contentEncoding: undefined, maxBodyBytes: 100 })).toEqual({ ok: true, bytes: Buffer.from('{"a":1}') });
  });

  it.each([
    { name: 'plain', encoding: undefined, wire: payload },
    { name: 'gzip', encoding: 'gzip', wire: gzipSync(payload) },
  ])('a $name body of exactly the limit is accepted', async ({ encoding, wire }) => {
    const r = await readBody(Readable.from(chunked(wire)), { contentEncoding: encoding, maxBodyBytes: payload.length });
    expect(r).toEqual({ ok: true, bytes: payload });
  });
});

describe('readBody failures', () => {
  it.each([
    { name: 'brotli', encoding: 'br', wire: payload, kind: 'unsupported_encoding' },
    { name: 'zstd', encoding: 'zstd', wire: payload, kind: 'unsupported_encoding' },
    { name: 'two codings', encoding: 'gzip, deflate', wire: payload, kind: 'unsupported_encoding' },
    { name: 'garbage labelled gzip', encoding: 'gzip', wire: Buffer.from('definitely not gzip'), kind: 'bad_encoding' },
    { name: 'truncated gzip', encoding: 'gzip', wire: gzipSync(payload).subarray(0, 40), kind: 'bad_encoding' },
    { name: 'garbage labelled deflate', encoding: 'deflate', wire: Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0x00]), kind: 'bad_encoding' },
    { name: 'plain body over the limit', encoding: undefined, wire: payload, max: payload.length - 1, kind: 'too_large' },
    { name: 'compressed body over the limit after decompression', encoding: 'gzip', wire: gzipSync(payload), max: payload.length - 1, kind: 'too_large' },
    { name: 'compressed body over the limit on the wire', encoding: 'gzip', wire: gzipSync(payload), max: 10, kind: 'too_large' },
  ])('$name -> $kind', async ({ encoding, wire, max, kind }) => {
    const r = await readBody(Readable.from(chunked(wire, 16)), { contentEncoding: encoding, maxBodyBytes: max ?? 1 << 20 });
    expect(r).toEqual({ ok: false, kind, message: expect.stringMatching(/\S/) });
  });

  it('stops reading an endless chunked body (no Content-Length) as soon as it passes the limit', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      for (;;) { pulled++; yield chunk; }
    }
    const r = await readBody(endless(), { contentEncoding: undefined, maxBodyBytes: 1 << 20 });
    expect(r).toMatchObject({ ok: false, kind: 'too_large' });
    expect(pulled).toBe(17); // 16 chunks fill 1 MiB exactly; the 17th passes the limit
  });

  it('rejects a gzip bomb (10 MB of gzip -> 10 GiB of zeros) after the limit, with small memory growth', async () => {
    const member = gzipSync(Buffer.alloc(1 << 20)); // 1 MiB of zeros -> ~1 KB
    const members = 10 * 1024; // 10 GiB decompressed
    const perChunk = 64;
    const chunk = Buffer.concat(Array.from({ length: perChunk }, () => member));
    let pulled = 0;
    async function* bomb(): AsyncGenerator<Buffer> {
      for (let i = 0; i < members / perChunk; i++) { pulled++; yield chunk; }
    }
    const before = process.memoryUsage();
    let peakRss = before.rss;
    let peakExternal = before.external + before.arrayBuffers;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakExternal = Math.max(peakExternal, m.external + m.arrayBuffers);
    }, 2);
    const limit = 16 << 20;
    const r = await readBody(bomb(), { contentEncoding: 'gzip', maxBodyBytes: limit });
    clearInterval(sampler);
    const after = process.memoryUsage();
    peakRss = Math.max(peakRss, after.rss);
    if (process.env.PRINT_BOMB_MEMORY) console.log({ pulled, rssGrowthMiB: (peakRss - before.rss) / 2 ** 20, externalGrowthMiB: (peakExternal - before.external - before.arrayBuffers) / 2 ** 20 });
    expect(r).toMatchObject({ ok: false, kind: 'too_large' });
    expect(pulled).toBeLessThan(10); // ~17 members of 10240 were needed to pass 16 MiB
    expect(peakRss - before.rss).toBeLessThan(150 << 20);
    expect(peakExternal - (before.external + before.arrayBuffers)).toBeLessThan(3 * limit);
  });

  it('rejects a deflate bomb too', async () => {
    const bomb = deflateSync(Buffer.alloc(8 << 20));
    const r = await readBody(Readable.from(chunked(bomb, 4096)), { contentEncoding: 'deflate', maxBodyBytes: 1 << 20 });
    expect(r).toMatchObject({ ok: false, kind: 'too_large' });
  });
});

describe('readBody on a real HTTP request', () => {
  it('leaves the request open so the server can still answer 413 to a chunked upload', async () => {
    const server = createServer((req, res) => {
      void readBody(req, { contentEncoding: req.headers['content-encoding'], maxBodyBytes: 4096 }).then((r) => {
        res.writeHead(r.ok ? 200 : r.kind === 'too_large' ? 413 : 400, { connection: 'close' }).end(r.ok ? String(r.bytes.length) : r.kind);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const send = (chunks: Buffer[]): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
        const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/v1/traces', headers: { 'content-type': 'application/json' } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => { body += c.toString(); });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        for (const c of chunks) req.write(c); // no Content-Length: Transfer-Encoding: chunked
        req.end();
      });
      expect(await send(chunked(Buffer.alloc(3000, 0x61)))).toEqual({ status: 200, body: '3000' });
      expect(await send(chunked(Buffer.alloc(20000, 0x61)))).toEqual({ status: 413, body: 'too_large' });
    } finally {
      server.close();
    }
  });
});
