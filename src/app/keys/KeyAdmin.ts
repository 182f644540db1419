/**
 * API key management (the `tracegate keys` commands): create a key for a project, list keys, revoke
 * one by its full key or its id. Keys are shown once and stored as sha256 hashes; a revoked key stops
 * working in every running collector within the authenticator's cache time (POSITIVE_TTL_MS, < 5 s).
 */
import { hashApiKey, KEY_PREFIX, toApiKey } from '../auth/apiKey.js';
import { DEFAULT_PROJECT } from '../defaultProject.js';

/** A key as listed (never the key itself). */
export interface KeySummary {
  id: string;
  /** The first characters of the key, to recognize it. */
  prefix: string;
  project: string;
  name: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** The control-plane operations key management needs (implemented in src/store). */
export interface KeyStore {
  createProject(name: string): Promise<{ id: string; name: string }>;
  createApiKey(projectId: string, key: { prefix: string; hash: string; name?: string | null }): Promise<{ id: string }>;
  countActiveKeys(): Promise<number>;
  /** Keys of the project named `project` (every project when undefined), oldest first. */
  listApiKeys(project?: string): Promise<KeySummary[]>;
  /** The key (revoked or not) with this id or this hash, or null. */
  findApiKey(by: { id: string } | { hash: string }): Promise<KeySummary | null>;
  /** Marks a key revoked at `now`; false when it was revoked already. */
  revokeApiKey(keyId: string, now: Date): Promise<boolean>;
}

/** A created key: `key` is shown once. */
export interface CreatedKey {
  key: string;
  id: string;
  prefix: string;
  project: string;
  /** True when no other active key existed: unauthenticated requests are refused from now on. */
  firstKey: boolean;
}

/** Outcome of a revocation. */
export type RevokeOutcome =
  | { ok: true; key: KeySummary }
  | { ok: false; code: 'NOT_FOUND' | 'ALREADY_REVOKED'; message: string };

/** Key management over a KeyStore; `randomBytes` and `now` are injected (tests pass fixed ones). */
export class KeyAdmin {
  constructor(
    private readonly store: KeyStore,
    private readonly randomBytes: (n: number) => Uint8Array,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a key for `project` (created when missing). */
  async create(project: string, name: string | null = null): Promise<CreatedKey> {
    const firstKey = (await this.store.countActiveKeys()) === 0;
    const p = await this.store.createProject(project);
    const key = toApiKey(this.randomBytes(32));
    const { id } = await this.store.createApiKey(p.id, { prefix: key.prefix, hash: key.hash, name });
    return { key: key.key, id, prefix: key.prefix, project: p.name, firstKey };
  }

  /** Keys, optionally of one project. */
  list(project?: string): Promise<KeySummary[]> {
    return this.store.listApiKeys(project);
  }

  /** Revokes the key given in full (`tg_...`) or by the id `list` shows. */
  async revoke(keyOrId: string): Promise<RevokeOutcome> {
    const key = keyOrId.startsWith(KEY_PREFIX)
      ? await this.store.findApiKey({ hash: hashApiKey(keyOrId) })
      : await this.store.findApiKey({ id: keyOrId });
    if (!key) return { ok: false, code: 'NOT_FOUND', message: `no API key matches '${keyOrId.slice(0, 12)}…': give the full key or an id from \`tracegate keys list\`` };
    if (key.revokedAt !== null || !(await this.store.revokeApiKey(key.id, this.now()))) {
      return { ok: false, code: 'ALREADY_REVOKED', message: `API key ${key.id} (${key.prefix}…) was revoked already` };
    }
    return { ok: true, key: { ...key, revokedAt: this.now() } };
  }
}

/**
 * What happens to data sent without a key, said when the first key is created: until then loopback
 * clients were served as project `default`; from now on every request needs a key, and that data
 * stays in `default`, readable with a key of that project.
 */
export function defaultProjectNote(created: CreatedKey): string {
  const lines = [
    created.firstKey
      ? 'This is the first API key: from now on every request needs a key (unauthenticated loopback requests are refused).'
      : 'Every request needs a key; this one sees only its project.',
    `Data sent without a key is kept in project '${DEFAULT_PROJECT}' and is not visible with this key` +
      (created.project === DEFAULT_PROJECT ? ' (this key is for that project: it reads it).' : '.'),
  ];
  if (created.project !== DEFAULT_PROJECT) lines.push(`To read it: tracegate keys create --project ${DEFAULT_PROJECT}, and query /api/traces with that key.`);
  return lines.join('\n');
}
