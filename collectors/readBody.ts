/**
 * Reads an HTTP request body with a byte limit enforced while streaming (JS exporters send chunked
 * bodies without Content-Length) and again on the decompressed output, stopping as soon as either
 * passes the limit so a gzip bomb never materialises in memory.
 */
import { pipeline } from 'node:stream/promises';
import { createGunzip, createInflate, createInflateRaw, type Gunzip, type Inflate, type InflateRaw } from 'node:zlib';

/** The body bytes, or why they could not be read (too_large -> 413, bad_encoding -> 400,
 * unsupported_encoding -> 415, timeout -> 408, no_memory -> 503). */
export type BodyResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; kind: 'too_large' | 'bad_encoding' | 'unsupported_encoding' | 'timeout' | 'no_memory'; message: string };

/** Options for readBody; `maxBodyBytes` bounds both the wire bytes and the decompressed bytes. */
export interface ReadBodyOptions {
  contentEncoding: string | undefined;
  maxBodyBytes: number;
  /** Milliseconds the whole body may take (none when absent). */
  timeoutMs?: number;
  /** Slowest accepted average rate once `minRateGraceMs` have passed (bytes per second on the wire). */
  minBytesPerSecond?: number;
  /** Milliseconds before the minimum rate applies (default 5000). */
  minRateGraceMs?: number;
  /** Asked before bytes are kept in memory (wire chunks, and decompressed output): false stops reading (no_memory). */
  reserveBytes?: (bytes: number) => boolean;
}

type Coding = 'identity' | 'gzip' | 'deflate';

class TooLarge extends Error {}
class NoMemory extends Error {}
class BodyTimeout extends Error {}

/**
 * The source iterator with the read deadlines: next() throws BodyTimeout once the total time is over
 * or the body arrives slower than the minimum rate (after the grace period).
 */
function timed(source: AsyncIterator<Buffer | string>, opts: ReadBodyOptions): AsyncIterator<Buffer | string> {
  if (opts.timeoutMs === undefined && opts.minBytesPerSecond === undefined) return source;
  const started = performance.now();
  const grace = opts.minRateGraceMs ?? 5000;
  let received = 0;
  return {
    next: async () => {
      const now = performance.now();
      let until = opts.timeoutMs === undefined ? Infinity : started + opts.timeoutMs;
      // The average rate stays >= minBytesPerSecond after the grace period while
      // received >= rate * (t - grace): the next bytes must come before then.
      if (opts.minBytesPerSecond) until = Math.min(until, started + grace + (received / opts.minBytesPerSecond) * 1000);
      if (until <= now) throw new BodyTimeout();
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new BodyTimeout()), Math.min(until - now, 2 ** 31 - 1));
      });
      try {
        const next = await Promise.race([source.next(), expired]);
        if (!next.done) received += typeof next.value === 'string' ? Buffer.byteLength(next.value) : next.value.length;
        return next;
      } finally {
        clearTimeout(timer);
      }
    },
    return: source.return ? (value?: unknown) => source.return!(value) : undefined,
  };
}

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
  const reserve = opts.reserveBytes ?? (() => true);
  const raw = sourceIterator(stream);
  const source = timed(raw, opts);
  let timedOut = false;
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
        if (!reserve(chunk.length)) throw new NoMemory();
        chunks.push(chunk);
      }
      return { ok: true, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total) };
    }
    return await inflate(source, coding, max, tooLarge, reserve);
  } catch (err) {
    if (err instanceof BodyTimeout) {
      timedOut = true;
      const rate = opts.minBytesPerSecond ? ` or slower than ${opts.minBytesPerSecond} bytes/s` : '';
      return { ok: false, kind: 'timeout', message: `request body not received in time (limit ${opts.timeoutMs ?? '-'} ms${rate})` };
    }
    if (err instanceof NoMemory) return { ok: false, kind: 'no_memory', message: 'collector busy: too many request bytes in memory; retry later' };
    throw err;
  } finally {
    // After a timeout a read is still pending, and return() would wait for it: let it settle alone.
    if (timedOut) void raw.return?.()?.catch(() => {});
    else await raw.return?.();
  }
}

async function inflate(
  source: AsyncIterator<Buffer | string>,
  coding: 'gzip' | 'deflate',
  max: number,
  tooLarge: BodyResult,
  reserve: (bytes: number) => boolean,
): Promise<BodyResult> {
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
      if (!reserve(chunk.length)) throw new NoMemory();
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
        if (!reserve(chunk.length)) throw new NoMemory();
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
