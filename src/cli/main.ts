/**
 * Entry of the `tracegate` command, on commander. Only the invoked command's module is loaded (so
 * `tracegate gate` never loads the database driver); the others are listed from the registry.
 * Usage errors (unknown option or command, missing argument) print one line and exit 2.
 */
import { readFileSync } from 'node:fs';
import { Command as CommanderCommand, CommanderError } from 'commander';
import type { CliIo, Command, CommandContext, CommandDefinition } from './cliTypes.js';
import { COMMANDS } from './commands/index.js';

/** The package version, printed by `tracegate --version`. */
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const HELP_FLAGS = new Set(['--help', '-h']);

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

/** Routes every command's output to `io` and makes usage errors one line. */
function configureTree(cmd: CommanderCommand, io: CliIo): void {
  cmd
    .exitOverride()
    .configureHelp({ sortSubcommands: false, showGlobalOptions: false })
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (text) => io.stderr(errorLine(cmd, text)), getOutHelpWidth: () => 100, getErrHelpWidth: () => 100 });
  for (const sub of cmd.commands) configureTree(sub, io);
}

/** Runs a self-parsing Command; `--help` prints its own help or usage text, or a generic one if it has none. */
async function runLegacy(command: Command, argv: string[], io: CliIo): Promise<number> {
  const dashDash = argv.indexOf('--');
  const wantsHelp = argv.slice(0, dashDash < 0 ? argv.length : dashDash).some((a) => HELP_FLAGS.has(a));
  if (!wantsHelp) return command.run(argv, io);
  let out = '';
  let err = '';
  const code = await command.run(argv, { ...io, stdout: (t) => { out += t; }, stderr: (t) => { err += t; } }).catch(() => 2);
  // Its own help, else the usage text it prints with a usage error, else a generic line.
  const usageAt = err.search(/^usage:/im);
  const help = code === 0 && out.trim() ? out : usageAt >= 0 ? `${err.slice(usageAt).replace(/^usage:/i, 'Usage:')}\n${command.summary}\n` : '';
  io.stdout(help || `Usage: tracegate ${command.name} [arguments]\n\n${command.summary}\n`);
  return 0;
}

function isDefinition(command: Command | CommandDefinition): command is CommandDefinition {
  return typeof (command as CommandDefinition).define === 'function';
}

/** Runs the CLI with argv (without node and script) and returns the exit code (2 on usage errors). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // `tracegate help NAME ...` is `tracegate NAME ... --help`.
  if (argv[0] === 'help' && argv[1] && Object.hasOwn(COMMANDS, argv[1])) argv = [...argv.slice(1), '--help'];
  const program = new CommanderCommand('tracegate')
    .description('Collects OTLP traces from LLM apps, turns them into facts, and gates releases offline.')
    .version(VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .helpCommand('help [command]', 'print the help of a command');
  exitCodesOf(program);
  const state = { code: 0 };
  const ctx: CommandContext = {
    io,
    action(cmd, handler) {
      cmd.action(async () => {
        state.code = await handler(cmd.processedArgs.flat().filter((a): a is string => typeof a === 'string'), cmd.opts());
      });
    },
    usageError(cmd, message) {
      io.stderr(errorLine(cmd, message));
      return 2;
    },
    requireSubcommand(cmd) {
      cmd.allowExcessArguments(true);
      this.action(cmd, async () => {
        const names = cmd.commands.map((c) => c.name()).join(', ');
        const given = cmd.args[0];
        return this.usageError(cmd, given ? `unknown command '${given}' (expected ${names})` : `a command is required: ${names}`);
      });
    },
  };
  const name = argv[0];
  for (const [commandName, entry] of Object.entries(COMMANDS)) {
    const cmd = program.command(commandName).summary(entry.summary).description(entry.summary).helpOption('-h, --help', 'print this help and exit');
    if (commandName !== name) continue;
    const loaded = await entry.load();
    if (!isDefinition(loaded)) return runLegacy(loaded, argv.slice(1), io);
    loaded.define(cmd, ctx);
  }
  configureTree(program, io);
  if (argv.length === 0) {
    io.stderr(program.helpInformation());
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return state.code;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    return 2; // usage errors, and help shown because a subcommand was missing
  }
}

function exitCodesOf(program: CommanderCommand): void {
  program.addHelpText('after', `\nRun 'tracegate <command> --help' for a command's options, defaults and exit codes.\nExit codes: 0 success, 2 usage error; each command documents the rest.\n`);
}
