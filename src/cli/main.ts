/** Entry of the `tracegate` command: dispatches to a subcommand, prints usage on unknown input. */
import type { CliIo } from './cliTypes.js';
import { COMMANDS } from './commands/index.js';

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return `usage: tracegate <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Runs the CLI with argv (without node and script) and returns the exit code (2 on usage errors). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.stderr(`tracegate: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const command = await entry.load();
  return command.run(rest, io);
}
