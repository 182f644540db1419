/**
 * `tracegate keys create --project NAME [--name LABEL]`: prints a new API key once (stored hashed).
 * `tracegate keys list [--project NAME]`: the keys (id, prefix, project, name, created, revoked).
 * `tracegate keys revoke KEY_OR_ID`: revokes a key given in full or by its id (effective within 5 s).
 * All take `--database-url URL` (default DATABASE_URL, then file:./tracegate.db) and go through the
 * key-management use-case (src/app/keys/KeyAdmin.ts).
 */
import type { KeySummary } from '../../app/keys/KeyAdmin.js';
import type { CliIo, Command } from '../cliTypes.js';

const USAGE =
  'usage: tracegate keys create --project NAME [--name LABEL] [--database-url URL]\n' +
  '       tracegate keys list [--project NAME] [--database-url URL]\n' +
  '       tracegate keys revoke KEY_OR_ID [--database-url URL]\n';
const PROJECT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** Parsed `keys` arguments. */
type KeysArgs =
  | { verb: 'create'; project: string; name: string | null; databaseUrl: string | undefined }
  | { verb: 'list'; project: string | undefined; databaseUrl: string | undefined }
  | { verb: 'revoke'; keyOrId: string; databaseUrl: string | undefined };

/** Parses `keys` arguments (the one place that reads argv), or says what is wrong. */
export function parseKeysArgs(argv: readonly string[]): { ok: true; args: KeysArgs } | { ok: false; message: string } {
  const [verb, ...rest] = argv;
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const [name, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (!['--project', '--name', '--database-url'].includes(name)) return { ok: false, message: `unknown option '${name}'` };
    const value = inline ?? rest[++i];
    if (value === undefined) return { ok: false, message: `option '${name}' needs a value` };
    flags[name] = value;
  }
  const databaseUrl = flags['--database-url'];
  const project = flags['--project'];
  if (project !== undefined && !PROJECT_NAME.test(project)) return { ok: false, message: '--project NAME: letters, digits, . _ -; at most 64' };
  if (verb === 'create') {
    if (project === undefined) return { ok: false, message: 'keys create: --project NAME is required' };
    if (positional.length > 0) return { ok: false, message: `keys create: unexpected argument '${positional[0]}'` };
    return { ok: true, args: { verb, project, name: flags['--name'] ?? null, databaseUrl } };
  }
  if (verb === 'list') {
    if (positional.length > 0) return { ok: false, message: `keys list: unexpected argument '${positional[0]}'` };
    return { ok: true, args: { verb, project, databaseUrl } };
  }
  if (verb === 'revoke') {
    if (positional.length !== 1) return { ok: false, message: 'keys revoke: give exactly one KEY_OR_ID (the full key, or an id from `tracegate keys list`)' };
    return { ok: true, args: { verb, keyOrId: positional[0]!, databaseUrl } };
  }
  return { ok: false, message: verb === undefined ? 'keys: give create, list or revoke' : `keys: unknown action '${verb}'` };
}

function printKeys(io: CliIo, keys: readonly KeySummary[]): void {
  const rows = keys.map((k) => [k.id, `${k.prefix}…`, k.project, k.name ?? '-', k.createdAt.toISOString(), k.revokedAt ? k.revokedAt.toISOString() : 'active']);
  const header = ['ID', 'PREFIX', 'PROJECT', 'NAME', 'CREATED', 'REVOKED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) io.stdout(`${r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}

export const keysCommand: Command = {
  name: 'keys',
  summary: 'manage API keys: keys create --project NAME | keys list [--project NAME] | keys revoke KEY_OR_ID',
  async run(argv, io) {
    const parsed = parseKeysArgs(argv);
    if (!parsed.ok) {
      io.stderr(`tracegate ${parsed.message}\n${USAGE}`);
      return 2;
    }
    const args = parsed.args;
    const { openKeyAdmin } = await import('../../main.js');
    const { admin, close } = await openKeyAdmin(args.databaseUrl ?? io.env.DATABASE_URL ?? 'file:./tracegate.db');
    try {
      if (args.verb === 'create') {
        const { defaultProjectNote } = await import('../../app/keys/KeyAdmin.js');
        const created = await admin.create(args.project, args.name);
        io.stdout(`${created.key}\n`);
        io.stderr(`created API key ${created.prefix}… (id ${created.id}) for project '${created.project}'. It is shown only once: store it now.\n${defaultProjectNote(created)}\n`);
        return 0;
      }
      if (args.verb === 'list') {
        printKeys(io, await admin.list(args.project));
        return 0;
      }
      const outcome = await admin.revoke(args.keyOrId);
      if (!outcome.ok) {
        io.stderr(`tracegate keys revoke: ${outcome.message}\n`);
        return 1;
      }
      io.stderr(`revoked API key ${outcome.key.prefix}… (id ${outcome.key.id}, project '${outcome.key.project}'): refused by every running collector within 5 s.\n`);
      return 0;
    } finally {
      await close();
    }
  },
};
