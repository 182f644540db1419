/** API key format and hashing: keys are shown once, stored only as sha256 hashes. */
import { createHash } from 'node:crypto';

/** Prefix of every key, so leaked keys are recognizable by scanners. */
export const KEY_PREFIX = 'tg_';

/** A freshly generated key: `key` is shown once; `prefix` identifies it in listings; `hash` is stored. */
export interface GeneratedKey {
  key: string;
  prefix: string;
  hash: string;
}

/** Hex sha256 of a key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Builds a key from 32 random bytes (the caller supplies the randomness). */
export function toApiKey(randomBytes: Uint8Array): GeneratedKey {
  const key = KEY_PREFIX + Buffer.from(randomBytes).toString('base64url');
  return { key, prefix: key.slice(0, KEY_PREFIX.length + 6), hash: hashApiKey(key) };
}

/** The key a request carries (`Authorization: Bearer KEY` or `x-api-key: KEY`), or null. */
export function keyFromHeaders(headers: Record<string, string | string[] | undefined>): string | null {
  return keysFromHeaders(headers)[0] ?? null;
}

/**
 * Every key a request carries, `Authorization: Bearer KEY` first, then `x-api-key: KEY` (distinct,
 * at most two): the request is authenticated if any of them is valid, so a stray or garbage header
 * never overrides a valid key in the other.
 */
export function keysFromHeaders(headers: Record<string, string | string[] | undefined>): string[] {
  const keys: string[] = [];
  const auth = headers['authorization'];
  if (typeof auth === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (match?.[1]) keys.push(match[1].trim());
  }
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '' && !keys.includes(apiKey.trim())) keys.push(apiKey.trim());
  return keys;
}

/** True for loopback peers (127.0.0.0/8, ::1, IPv4-mapped loopback). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const addr = address.startsWith('::ffff:') ? address.slice(7) : address;
  return addr === '::1' || addr.startsWith('127.');
}
