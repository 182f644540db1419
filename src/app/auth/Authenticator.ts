/**
 * Resolves a request to a project. With no active key anywhere, loopback callers are accepted as the
 * `default` project (local development); once a key exists, every request needs a valid key.
 * Lookups are cached briefly so the hot path does not hit the database per request.
 */
import { hashApiKey, isLoopback, keysFromHeaders } from './apiKey.js';

/** The control-plane operations authentication needs. */
export interface KeyLookup {
  findActiveKeyByHash(hash: string): Promise<{ keyId: string; projectId: string } | null>;
  countActiveKeys(): Promise<number>;
}

/** Outcome of authenticating one request. */
export type AuthResult = { ok: true; projectId: string } | { ok: false; message: string };

/**
 * How long a valid key is trusted without asking the database again: a key revoked anywhere (CLI,
 * another process) stops working in every running process within this time (plus one lookup).
 */
export const POSITIVE_TTL_MS = 4_000;
const NEGATIVE_TTL_MS = 2_000;
const COUNT_TTL_MS = 2_000;

export class Authenticator {
  private readonly cache = new Map<string, { projectId: string | null; expiresMs: number }>();
  private keyCount: { value: number; expiresMs: number } | null = null;

  constructor(
    private readonly keys: KeyLookup,
    private readonly defaultProjectId: string,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** True when no key exists, so only loopback callers are served (unauthenticated). */
  async isOpenMode(): Promise<boolean> {
    const now = this.nowMs();
    if (!this.keyCount || this.keyCount.expiresMs < now) {
      // "No key yet" is never cached: the first key created (by any process) ends open mode at once.
      const value = await this.keys.countActiveKeys();
      this.keyCount = value > 0 ? { value, expiresMs: now + COUNT_TTL_MS } : null;
      return value === 0;
    }
    return this.keyCount.value === 0;
  }

  async authenticate(headers: Record<string, string | string[] | undefined>, remoteAddress: string | undefined): Promise<AuthResult> {
    const keys = keysFromHeaders(headers);
    if (await this.isOpenMode()) {
      if (isLoopback(remoteAddress)) return { ok: true, projectId: this.defaultProjectId };
      return { ok: false, message: 'no API key exists yet: only loopback clients are served; create one with `tracegate keys create --project NAME`' };
    }
    if (keys.length === 0) return { ok: false, message: 'missing API key: send `Authorization: Bearer KEY` or `x-api-key: KEY`' };
    for (const key of keys) {
      const projectId = await this.projectOfKey(key);
      if (projectId !== null) return { ok: true, projectId };
    }
    return { ok: false, message: 'unknown or revoked API key' };
  }

  /** The project of an active key, or null (cached: POSITIVE_TTL_MS, unknown keys NEGATIVE_TTL_MS). */
  private async projectOfKey(key: string): Promise<string | null> {
    const hash = hashApiKey(key);
    const now = this.nowMs();
    let entry = this.cache.get(hash);
    if (!entry || entry.expiresMs < now) {
      const found = await this.keys.findActiveKeyByHash(hash);
      entry = { projectId: found?.projectId ?? null, expiresMs: now + (found ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) };
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, entry);
    }
    return entry.projectId;
  }
}
