/** Opens the database for review/dataset commands and hands them the project id and ReviewDeps. */
import { redactionRulesFrom } from '../app/review/redactionRulesFrom.js';
import type { ReviewDeps } from '../app/review/ReviewDeps.js';
import { AppError } from '../app/AppError.js';
import type { CliIo } from './cliTypes.js';
import { resolveDatabaseUrl } from './options.js';

/**
 * Runs `fn` with the deps of the database of `opts.databaseUrl` (see resolveDatabaseUrl) and the id of
 * `opts.project` (default `default`); AppErrors print as `tracegate NAME: message` (exit 1 not found,
 * 2 BAD_REQUEST, 3 CONFLICT).
 */
export async function withReviewDeps(
  io: CliIo,
  command: string,
  opts: { databaseUrl?: unknown; project?: unknown },
  fn: (deps: ReviewDeps, projectId: string) => Promise<number>,
): Promise<number> {
  const databaseUrl = resolveDatabaseUrl(opts, io.env);
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
    const project = await db.control.createProject((opts.project as string | undefined) ?? 'default');
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
