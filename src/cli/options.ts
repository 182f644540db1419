/** Options shared by several commands, so the same concept has the same name and wording everywhere. */
import { InvalidArgumentError, Option, type Command as CommanderCommand } from 'commander';

/** `--database-url URL` (falls back to DATABASE_URL, then file:./tracegate.db). */
export function databaseUrlOption(): Option {
  return new Option('--database-url <url>', 'database to use: file:PATH (SQLite) or postgresql://... (env DATABASE_URL; default file:./tracegate.db)');
}

/** `--project NAME`: the project a command reads or writes (created if new; default `default`). */
export function projectOption(what = 'project (default: default, the project of unauthenticated loopback traffic)'): Option {
  return new Option('--project <name>', what);
}

/** `--json`: machine-readable output on stdout. */
export function jsonOption(what = 'print JSON on stdout instead of text'): Option {
  return new Option('--json', what);
}

/** `--quiet`: no progress lines on stderr. */
export function quietOption(): Option {
  return new Option('--quiet', 'no progress lines on stderr');
}

/** The database URL a command should use: the flag, then DATABASE_URL, then the default SQLite file. */
export function resolveDatabaseUrl(options: Record<string, unknown>, env: NodeJS.ProcessEnv): string {
  return (options.databaseUrl as string | undefined) || env.DATABASE_URL || 'file:./tracegate.db';
}

/** A commander argument parser for whole numbers >= `min` (and <= `max` when given). */
export function wholeNumber(min: number, max?: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || (max !== undefined && n > max)) throw new InvalidArgumentError(max === undefined ? `expected a whole number >= ${min}` : `expected a whole number ${min}..${max}`);
    return n;
  };
}

/** A commander collector for repeatable string options (`--replay A --replay B`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds an "exit codes" section to the help of `cmd`. */
export function exitCodes(cmd: CommanderCommand, codes: Record<number, string>): CommanderCommand {
  const lines = Object.entries(codes).map(([code, meaning]) => `  ${code}  ${meaning}`);
  return cmd.addHelpText('after', `\nExit codes:\n${lines.join('\n')}\n`);
}
