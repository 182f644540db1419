/**
 * Reads an HTTP request body with a byte limit enforced while streaming (JS exporters send chunked
 * bodies without Content-Length) and again on the decompressed output, stopping as soon as either
 * passes the limit so a gzip bomb never materialises in memory.
 */
import { pipeline } from 'node:stream/promises';
import { createGunzip, createInflate, createInflateRaw, type Gunzip, type Inflate, type InflateRaw } from 'node:zlib';

/** The body bytes, or why they could not be read (too_large -> 413, bad_encoding -> 400,
 * unsupported_encoding -> 415). */
export type BodyResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; kind: 'too_large' | 'bad_encoding' | 'unsupported_encoding'; message: string };

/** Options for readBody; `maxBodyBytes` bounds both the wire bytes and the decompressed bytes. */
export interface ReadBodyOptions {
  contentEncoding: string | undefined;
  maxBodyBytes: number;
}

type Coding = 'identity' | 'gzip' | 'deflate';

class TooLarge extends Error {}

/**
 * Reads and decompresses a body. Resolves to a BodyResult for every client mistake; rejects only if
 * the source itself errors (e.g. the client aborted). On failure the source is neither drained nor
 * destroyed: the caller answers (413/400/415) and may close the connection.
 */
export async function readBody(
  stream: AsyncIterable<Buffer | string> | NodeJS.ReadableStream,
  opts: ReadBodyOptions,
): Promise<BodyResult> {
  const coding = codingOf(opts.contentEncoding);
  if (coding === null) {
    return { ok: false, kind: 'unsupported_encoding', message: `unsupported Content-Encoding "${opts.contentEncoding}" (supported: gzip, deflate, identity)` };
  }
  const max = opts.maxBodyBytes;
  const tooLarge: BodyResult = { ok: false, kind: 'too_large', message: `request body exceeds the limit of ${max} bytes` };
  const source = sourceIterator(stream);
  try {
    if (coding === 'identity') {
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const next = await source.next();
        if (next.done) break;
        const chunk = toBuffer(next.value);
        total += chunk.length;
        if (total > max) return tooLarge;
        chunks.push(chunk);
      }
      return { ok: true, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total) };
    }
    return await inflate(source, coding, max, tooLarge);
  } finally {
    await source.return?.();
  }
}

async function inflate(source: AsyncIterator<Buffer | string>, coding: 'gzip' | 'deflate', max: number, tooLarge: BodyResult): Promise<BodyResult> {
  // Wire bytes are counted as they arrive; the first chunk also decides zlib vs raw deflate.
  let wireBytes = 0;
  const first = await source.next();
  if (first.done) return { ok: true, bytes: Buffer.alloc(0) };
  const head = toBuffer(first.value);
  async function* counted(): AsyncGenerator<Buffer> {
    let chunk: Buffer | null = head;
    while (chunk !== null) {
      wireBytes += chunk.length;
      if (wireBytes > max) throw new TooLarge();
      yield chunk;
      const next = await source.next();
      chunk = next.done ? null : toBuffer(next.value);
    }
  }
  const out: Buffer[] = [];
  let outBytes = 0;
  const decoder = decoderFor(coding, head);
  try {
    await pipeline(counted, decoder, async (decoded: AsyncIterable<Buffer>) => {
      for await (const chunk of decoded) {
        outBytes += chunk.length;
        if (outBytes > max) throw new TooLarge();
        out.push(chunk);
      }
    });
  } catch (err) {
    if (err instanceof TooLarge) return tooLarge;
    if (isZlibError(err)) return { ok: false, kind: 'bad_encoding', message: `cannot decode ${coding} body: ${(err as Error).message}` };
    throw err;
  }
  return { ok: true, bytes: Buffer.concat(out, outBytes) };
}

function decoderFor(coding: 'gzip' | 'deflate', head: Buffer): Gunzip | Inflate | InflateRaw {
  const options = { chunkSize: 64 * 1024 };
  if (coding === 'gzip') return createGunzip(options);
  // "deflate" is meant to be zlib-wrapped (RFC 1950) but some clients send raw deflate (RFC 1951).
  const cmf = head[0];
  const flg = head[1];
  const zlibWrapped = cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && (cmf * 256 + flg) % 31 === 0;
  return zlibWrapped ? createInflate(options) : createInflateRaw(options);
}

function isZlibError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('Z_') || code === 'ERR_ZLIB_INITIALIZATION_FAILED');
}

/** Parses Content-Encoding; null when unsupported. At most one non-identity coding is supported. */
function codingOf(header: string | undefined): Coding | null {
  if (header === undefined) return 'identity';
  const codings = header.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return 'identity';
  if (codings.length > 1) return null;
  const c = codings[0];
  if (c === 'gzip' || c === 'x-gzip') return 'gzip';
  if (c === 'deflate') return 'deflate';
  return null;
}

function sourceIterator(stream: AsyncIterable<Buffer | string> | NodeJS.ReadableStream): AsyncIterator<Buffer | string> {
  // A Readable's default iterator destroys the stream on early return; keep the request alive so the
  // HTTP layer can still answer 413.
  const readable = stream as { iterator?: (o: { destroyOnReturn: boolean }) => AsyncIterator<Buffer | string> };
  if (typeof readable.iterator === 'function') return readable.iterator({ destroyOnReturn: false });
  return (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
}

function toBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
