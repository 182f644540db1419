/**
 * `tracegate keys create --project NAME [--name LABEL]`: prints a new API key once (stored hashed).
 * `tracegate keys list [--project NAME]`: the keys (id, prefix, project, name, created, revoked).
 * `tracegate keys revoke KEY_OR_ID`: revokes a key given in full or by its id (effective within 5 s).
 * All take `--database-url URL` (default DATABASE_URL, then file:./tracegate.db) and go through the
 * key-management use-case (src/app/keys/KeyAdmin.ts).
 */
import type { KeyAdmin, KeySummary } from '../../app/keys/KeyAdmin.js';
import type { CliIo, CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, resolveDatabaseUrl } from '../options.js';

const PROJECT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

function printKeys(io: CliIo, keys: readonly KeySummary[]): void {
  const rows = keys.map((k) => [k.id, `${k.prefix}…`, k.project, k.name ?? '-', k.createdAt.toISOString(), k.revokedAt ? k.revokedAt.toISOString() : 'active']);
  const header = ['ID', 'PREFIX', 'PROJECT', 'NAME', 'CREATED', 'REVOKED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) io.stdout(`${r.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}

/** Runs `fn` with the key-management use-case on the command's database, then closes it. */
async function withKeyAdmin(options: Record<string, unknown>, io: CliIo, fn: (admin: KeyAdmin) => Promise<number>): Promise<number> {
  const { openKeyAdmin } = await import('../../main.js');
  const { admin, close } = await openKeyAdmin(resolveDatabaseUrl(options, io.env));
  try {
    return await fn(admin);
  } finally {
    await close();
  }
}

export const keysCommand: CommandDefinition = {
  name: 'keys',
  summary: 'manage API keys: keys create --project NAME | keys list [--project NAME] | keys revoke KEY_OR_ID',
  define(cmd, ctx) {
    const { io } = ctx;
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, { 0: 'done', 1: 'keys revoke: no such key, or revoked already', 2: 'usage error' });
    const projectOk = (c: typeof cmd, project: unknown) =>
      project === undefined || PROJECT_NAME.test(String(project)) ? null : ctx.usageError(c, '--project NAME: letters, digits, . _ -; at most 64');

    const create = cmd
      .command('create')
      .description('create a project (if new) and an API key for it; the key is printed once on stdout and stored hashed')
      .requiredOption('--project <name>', 'project the key belongs to (letters, digits, . _ -; at most 64)')
      .option('--name <label>', 'a label for the key')
      .addOption(databaseUrlOption());
    exitCodes(create, { 0: 'created (the key is on stdout)', 2: 'usage error' });
    ctx.action(create, async (_args, o) => projectOk(create, o.project) ?? withKeyAdmin(o, io, async (admin) => {
      const { defaultProjectNote } = await import('../../app/keys/KeyAdmin.js');
      const created = await admin.create(o.project as string, (o.name as string | undefined) ?? null);
      io.stdout(`${created.key}\n`);
      io.stderr(`created API key ${created.prefix}… (id ${created.id}) for project '${created.project}'. It is shown only once: store it now.\n${defaultProjectNote(created)}\n`);
      return 0;
    }));

    const list = cmd
      .command('list')
      .description('the keys: id, prefix, project, name, created, revoked (never the key itself)')
      .option('--project <name>', 'only this project')
      .addOption(databaseUrlOption());
    exitCodes(list, { 0: 'listed', 2: 'usage error' });
    ctx.action(list, async (_args, o) => projectOk(list, o.project) ?? withKeyAdmin(o, io, async (admin) => {
      printKeys(io, await admin.list(o.project as string | undefined));
      return 0;
    }));

    const revoke = cmd
      .command('revoke')
      .description('revoke a key, given in full or by the id `keys list` prints; every running collector refuses it within 5 s')
      .argument('<key_or_id>', 'the full key, or its id')
      .addOption(databaseUrlOption());
    exitCodes(revoke, { 0: 'revoked', 1: 'no key matches, or it was revoked already', 2: 'usage error' });
    ctx.action(revoke, async ([keyOrId], o) => withKeyAdmin(o, io, async (admin) => {
      const outcome = await admin.revoke(keyOrId!);
      if (!outcome.ok) {
        io.stderr(`tracegate keys revoke: ${outcome.message}\n`);
        return 1;
      }
      io.stderr(`revoked API key ${outcome.key.prefix}… (id ${outcome.key.id}, project '${outcome.key.project}'): refused by every running collector within 5 s.\n`);
      return 0;
    }));
  },
};
