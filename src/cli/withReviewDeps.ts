/** Opens the database for review/dataset commands and hands them the project id and ReviewDeps. */
import { redactionRulesFrom } from '../app/review/redactionRulesFrom.js';
import type { ReviewDeps } from '../app/review/ReviewDeps.js';
import { AppError } from '../app/AppError.js';
import type { CliIo } from './cliTypes.js';

/** Database and project options every review/dataset command takes. */
export const DB_OPTIONS = {
  'database-url': { type: 'string' },
  project: { type: 'string' },
} as const;

/** Runs `fn` with the open database's deps; AppErrors print as `tracegate NAME: message` (exit 1, or 2 for BAD_REQUEST). */
export async function withReviewDeps(
  io: CliIo,
  command: string,
  opts: { databaseUrl?: string; project?: string },
  fn: (deps: ReviewDeps, projectId: string) => Promise<number>,
): Promise<number> {
  const databaseUrl = opts.databaseUrl ?? io.env.DATABASE_URL ?? 'file:./tracegate.db';
  let rules;
  try {
    rules = redactionRulesFrom(io.env.TRACEGATE_REDACTION_PATTERNS);
  } catch (err) {
    io.stderr(`tracegate ${command}: ${(err as Error).message}\n`);
    return 2;
  }
  const { openDatabase } = await import('../store/openDatabase.js');
  const db = await openDatabase(databaseUrl);
  try {
    const project = await db.control.createProject(opts.project ?? 'default');
    return await fn({ spans: db.spans, promotion: db.promotion, now: () => new Date(), redactionRules: rules }, project.id);
  } catch (err) {
    if (err instanceof AppError) {
      io.stderr(`tracegate ${command}: ${err.message}\n`);
      return err.code === 'BAD_REQUEST' ? 2 : err.code === 'CONFLICT' ? 3 : 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}

/** Parses argv with node's parseArgs; a usage error is returned as a message. */
export function parseOrMessage<T>(parse: () => T): { ok: true; value: T } | { ok: false; message: string } {
  try {
    return { ok: true, value: parse() };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}
