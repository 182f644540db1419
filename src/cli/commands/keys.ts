/** `tracegate keys create --project NAME [--name LABEL]`: prints a new API key once (stored hashed). */
import { randomBytes } from 'node:crypto';
import { toApiKey } from '../../app/auth/apiKey.js';
import type { Command } from '../cliTypes.js';

const USAGE = 'usage: tracegate keys create --project NAME [--name LABEL] [--database-url URL]\n';

function flag(argv: string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}

export const keysCommand: Command = {
  name: 'keys',
  summary: 'manage API keys: keys create --project NAME',
  async run(argv, io) {
    const [verb, ...rest] = argv;
    if (verb !== 'create') {
      io.stderr(USAGE);
      return 2;
    }
    const project = flag(rest, '--project');
    if (!project || !/^[A-Za-z0-9._-]{1,64}$/.test(project)) {
      io.stderr(`tracegate keys create: --project NAME is required (letters, digits, . _ -; at most 64)\n${USAGE}`);
      return 2;
    }
    const databaseUrl = flag(rest, '--database-url') ?? io.env.DATABASE_URL ?? 'file:./tracegate.db';
    const { openDatabase } = await import('../../store/openDatabase.js');
    const db = await openDatabase(databaseUrl);
    try {
      const p = await db.control.createProject(project);
      const key = toApiKey(randomBytes(32));
      await db.control.createApiKey(p.id, { prefix: key.prefix, hash: key.hash, name: flag(rest, '--name') ?? null });
      io.stdout(`${key.key}\n`);
      io.stderr(`created API key ${key.prefix}… for project '${p.name}'. It is shown only once: store it now.\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
