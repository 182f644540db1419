/**
 * Entry of the `tracegate` command, on commander. Only the invoked command's module is loaded (so
 * `tracegate gate` never loads the database driver); the others are listed from the registry.
 * Usage errors (unknown option or command, missing argument) print one line and exit 2 (or the
 * command's own usage exit code, see CommandContext.usageExitCode).
 */
import { readFileSync } from 'node:fs';
import { Command as CommanderCommand, CommanderError } from 'commander';
import type { CliIo, CommandContext } from './cliTypes.js';
import { COMMANDS } from './commands/index.js';

/** The package version, printed by `tracegate --version`. */
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The exit code of a usage error when a command sets none. */
const USAGE_EXIT = 2;

/** `tracegate keys create` for a commander command. */
function pathOf(cmd: CommanderCommand): string {
  const names: string[] = [];
  for (let c: CommanderCommand | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** One usage-error line: `tracegate gate: unknown option '--bogus' (see 'tracegate gate --help')`. */
function errorLine(cmd: CommanderCommand, message: string): string {
  const text = message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim();
  return `${pathOf(cmd)}: ${text} (see '${pathOf(cmd)} --help')\n`;
}

/**
 * Routes every command's output to `io`, makes usage errors one line and reports which command failed.
 * Only the commands in `verbHolders` (see requireSubcommand) accept excess arguments: commander copies
 * that setting to subcommands declared after it, which must refuse a stray argument. Every command
 * answers `--version` unless it has a `--version` option of its own (`review approve --version N`).
 */
function configureTree(cmd: CommanderCommand, io: CliIo, onExit: (cmd: CommanderCommand) => void, verbHolders: ReadonlySet<CommanderCommand>): void {
  if (cmd.parent && !cmd.options.some((o) => o.long === '--version' || o.short === '-V')) cmd.version(VERSION, '-V, --version', 'print the version and exit');
  cmd
    .allowExcessArguments(verbHolders.has(cmd))
    .exitOverride((error) => {
      onExit(cmd);
      throw error;
    })
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false })
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text) => io.stderr(errorLine(cmd, text)), getOutHelpWidth: () => 100, getErrHelpWidth: () => 100 });
  for (const sub of cmd.commands) configureTree(sub, io, onExit, verbHolders);
}

/** Runs the CLI with argv (without node and script) and returns the exit code (2 on usage errors). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // `tracegate help NAME ...` is `tracegate NAME ... --help`.
  if (argv[0] === 'help' && argv[1] && Object.hasOwn(COMMANDS, argv[1])) argv = [...argv.slice(1), '--help'];
  const program = new CommanderCommand('tracegate')
    .description('Collects OTLP traces from LLM apps, scores them, judges canaries, turns reviewed failures into regression cases and gates releases.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .helpCommand('help [command]', 'print the help of a command')
    // `--version` after a command name is that command's option (`review approve ID --version 3`), not ours.
    .enablePositionalOptions();
  exitCodesOf(program);
  const state = { code: 0 };
  const usageCodes = new WeakMap<CommanderCommand, number>();
  const verbHolders = new Set<CommanderCommand>();
  const usageCodeOf = (cmd: CommanderCommand | null): number => {
    for (let c = cmd; c; c = c.parent) if (usageCodes.has(c)) return usageCodes.get(c)!;
    return USAGE_EXIT;
  };
  const ctx: CommandContext = {
    io,
    action(cmd, handler) {
      cmd.action(async () => {
        state.code = await handler(cmd.processedArgs.flat().filter((a): a is string => typeof a === 'string'), cmd.opts());
      });
    },
    usageError(cmd, message) {
      io.stderr(errorLine(cmd, message));
      return usageCodeOf(cmd);
    },
    requireSubcommand(cmd) {
      verbHolders.add(cmd);
      this.action(cmd, async () => {
        const names = cmd.commands.map((c) => c.name()).join(', ');
        const given = cmd.args[0];
        return this.usageError(cmd, given ? `unknown command '${given}' (expected ${names})` : `a command is required: ${names}`);
      });
    },
    usageExitCode(cmd, code) {
      usageCodes.set(cmd, code);
    },
  };
  const name = argv[0];
  for (const [commandName, entry] of Object.entries(COMMANDS)) {
    const cmd = program.command(commandName).summary(entry.summary).description(entry.summary).helpOption('-h, --help', 'print this help and exit');
    if (commandName === name) (await entry.load()).define(cmd, ctx);
  }
  let failedAt: CommanderCommand | null = null;
  configureTree(program, io, (cmd) => { failedAt ??= cmd; }, verbHolders);
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return USAGE_EXIT;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.code;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return usageCodeOf(failedAt); // usage errors, and help shown because a subcommand was missing
  }
}

function exitCodesOf(program: CommanderCommand): void {
  program.addHelpText('after', `\nRun 'tracegate <command> --help' for a command's options, defaults and exit codes.\nExit codes: 0 success, 2 usage error; each command documents the rest.\n`);
}
