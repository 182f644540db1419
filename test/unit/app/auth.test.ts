import { describe, expect, it } from 'vitest';
import { hashApiKey, isLoopback, keyFromHeaders, toApiKey } from '../../../src/app/auth/apiKey.js';
import { Authenticator, type KeyLookup } from '../../../src/app/auth/Authenticator.js';

function lookup(keys: Record<string, string>): KeyLookup {
  return {
    findActiveKeyByHash: async (hash) => (keys[hash] ? { keyId: 'k', projectId: keys[hash]! } : null),
    countActiveKeys: async () => Object.keys(keys).length,
  };
}

describe('api keys', () => {
  it('generates prefixed keys whose hash is stable and whose prefix is short', () => {
    const k = toApiKey(new Uint8Array(32).fill(7));
    expect(k.key.startsWith('tg_')).toBe(true);
    expect(k.hash).toBe(hashApiKey(k.key));
    expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(k.key.startsWith(k.prefix)).toBe(true);
    expect(k.prefix.length).toBeLessThan(12);
  });
  it.each([
    { name: 'Bearer', headers: { authorization: 'Bearer abc' }, key: 'abc' },
    { name: 'bearer lowercase', headers: { authorization: 'bearer abc' }, key: 'abc' },
    { name: 'x-api-key', headers: { 'x-api-key': 'xyz' }, key: 'xyz' },
    { name: 'Basic is not a key', headers: { authorization: 'Basic abc' }, key: null },
    { name: 'nothing', headers: {}, key: null },
  ])('reads the key from $name', ({ headers, key }) => {
    expect(keyFromHeaders(headers)).toBe(key);
  });
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.1', false],
    ['::ffff:192.168.1.1', false],
    [undefined, false],
  ])('isLoopback(%s) = %s', (addr, want) => {
    expect(isLoopback(addr)).toBe(want);
  });
});

describe('Authenticator', () => {
  it('open mode: loopback only, as the default project', async () => {
    const a = new Authenticator(lookup({}), 'p-default');
    expect(await a.authenticate({}, '127.0.0.1')).toEqual({ ok: true, projectId: 'p-default' });
    expect((await a.authenticate({}, '10.1.2.3')).ok).toBe(false);
  });
  it('once a key exists: a valid key maps to its project, missing or wrong keys are refused (even from loopback)', async () => {
    const key = toApiKey(new Uint8Array(32).fill(1));
    const a = new Authenticator(lookup({ [key.hash]: 'p-acme' }), 'p-default');
    expect(await a.authenticate({ authorization: `Bearer ${key.key}` }, '10.0.0.9')).toEqual({ ok: true, projectId: 'p-acme' });
    expect((await a.authenticate({}, '127.0.0.1')).ok).toBe(false);
    expect((await a.authenticate({ 'x-api-key': 'tg_nope' }, '127.0.0.1')).ok).toBe(false);
  });
  it('a garbage x-api-key never overrides a valid Bearer key (nor the other way round)', async () => {
    const key = toApiKey(new Uint8Array(32).fill(3));
    const a = new Authenticator(lookup({ [key.hash]: 'p-acme' }), 'p-default');
    expect(await a.authenticate({ authorization: `Bearer ${key.key}`, 'x-api-key': 'garbage' }, '10.0.0.9')).toEqual({ ok: true, projectId: 'p-acme' });
    expect(await a.authenticate({ authorization: 'Bearer garbage', 'x-api-key': key.key }, '10.0.0.9')).toEqual({ ok: true, projectId: 'p-acme' });
    expect((await a.authenticate({ authorization: 'Bearer garbage', 'x-api-key': 'junk' }, '10.0.0.9')).ok).toBe(false);
  });
  it('the first key ends open mode at once ("no key yet" is never cached)', async () => {
    const key = toApiKey(new Uint8Array(32).fill(4));
    const keys: Record<string, string> = {};
    const a = new Authenticator(lookup(keys), 'p-default', () => 0);
    expect((await a.authenticate({}, '127.0.0.1')).ok).toBe(true);
    keys[key.hash] = 'p-acme'; // created by another process, same instant
    expect((await a.authenticate({ 'x-api-key': 'tg_wrong' }, '127.0.0.1')).ok).toBe(false);
    expect(await a.authenticate({ 'x-api-key': key.key }, '127.0.0.1')).toEqual({ ok: true, projectId: 'p-acme' });
  });
  it('caches lookups within their TTL and refreshes after it', async () => {
    let now = 0;
    let calls = 0;
    const key = toApiKey(new Uint8Array(32).fill(2));
    const keys: Record<string, string> = { [key.hash]: 'p1' };
    const l: KeyLookup = { findActiveKeyByHash: async (h) => (calls++, keys[h] ? { keyId: 'k', projectId: keys[h]! } : null), countActiveKeys: async () => 1 };
    const a = new Authenticator(l, 'd', () => now);
    await a.authenticate({ 'x-api-key': key.key }, '127.0.0.1');
    await a.authenticate({ 'x-api-key': key.key }, '127.0.0.1');
    expect(calls).toBe(1);
    delete keys[key.hash]; // revoked
    now += 3_000;
    expect((await a.authenticate({ 'x-api-key': key.key }, '127.0.0.1')).ok).toBe(true); // still cached
    now += 1_500; // revocation takes effect within 5 s
    expect(calls).toBe(1);
    expect((await a.authenticate({ 'x-api-key': key.key }, '127.0.0.1')).ok).toBe(false);
  });
});
