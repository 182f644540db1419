/** `tracegate keys create --project NAME [--name LABEL]`: prints a new API key once (stored hashed). */
import { randomBytes } from 'node:crypto';
import { toApiKey } from '../../app/auth/apiKey.js';
import type { CommandDefinition } from '../cliTypes.js';
import { databaseUrlOption, exitCodes, resolveDatabaseUrl } from '../options.js';

const PROJECT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export const keysCommand: CommandDefinition = {
  name: 'keys',
  summary: 'manage API keys: keys create --project NAME',
  define(cmd, ctx) {
    ctx.requireSubcommand(cmd);
    exitCodes(cmd, { 0: 'done', 2: 'usage error (no command, unknown command or option)' });
    const create = cmd
      .command('create')
      .description('create a project (if new) and an API key for it; the key is printed once on stdout and stored hashed')
      .requiredOption('--project <name>', 'project the key belongs to (letters, digits, . _ -; at most 64)')
      .option('--name <label>', 'a label for the key')
      .addOption(databaseUrlOption());
    exitCodes(create, { 0: 'created (the key is on stdout)', 2: 'usage error' });
    ctx.action(create, async (_args, options) => {
      const project = options.project as string;
      if (!PROJECT_NAME.test(project)) return ctx.usageError(create, `--project NAME must be letters, digits, . _ - (at most 64), got '${project.slice(0, 80)}'`);
      const { openDatabase } = await import('../../store/openDatabase.js');
      const db = await openDatabase(resolveDatabaseUrl(options, ctx.io.env));
      try {
        const p = await db.control.createProject(project);
        const key = toApiKey(randomBytes(32));
        await db.control.createApiKey(p.id, { prefix: key.prefix, hash: key.hash, name: (options.name as string | undefined) ?? null });
        ctx.io.stdout(`${key.key}\n`);
        ctx.io.stderr(`created API key ${key.prefix}… for project '${p.name}'. It is shown only once: store it now.\n`);
        return 0;
      } finally {
        await db.close();
      }
    });
  },
};
