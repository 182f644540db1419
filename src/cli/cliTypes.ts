/** The shape of a `tracegate` command: a commander definition with the context it runs in. */
import type { Command as CommanderCommand } from 'commander';

/** What a CLI command may touch: output streams, environment and working directory (tests pass fakes). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Positional arguments (in declaration order) and parsed options of one commander command. */
export type ActionHandler = (args: string[], options: Record<string, unknown>) => Promise<number>;

/** What a CommandDefinition gets besides its commander command. */
export interface CommandContext {
  io: CliIo;
  /** Makes `handler` the action of `cmd`; the number it resolves to is the exit code. */
  action(cmd: CommanderCommand, handler: ActionHandler): void;
  /** Prints one usage-error line for `cmd` on stderr and returns its usage exit code (2 unless set). */
  usageError(cmd: CommanderCommand, message: string): number;
  /** For a command made of subcommands (`keys create`): without one, or with an unknown one, one usage line and exit 2. */
  requireSubcommand(cmd: CommanderCommand): void;
  /**
   * The exit code of usage errors (unknown option, missing argument, ...) of `cmd` and its subcommands,
   * for a command whose documented exit codes predate the generic 2 (`canary`: 4).
   */
  usageExitCode(cmd: CommanderCommand, code: number): void;
}

/**
 * One `tracegate <name>` subcommand declared on commander: `define` adds its arguments, options,
 * subcommands and help text (defaults, exit codes) to `cmd` (already named and described) and attaches
 * each action with `ctx.action`. Unknown options, missing arguments and `--help` are handled for it.
 */
export interface CommandDefinition {
  name: string;
  summary: string;
  define(cmd: CommanderCommand, ctx: CommandContext): void;
}
