/** What a CLI command may touch: output streams, environment and working directory (tests pass fakes). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** One `tracegate <name>` subcommand; `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}
