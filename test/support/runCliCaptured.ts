/** Runs the CLI in-process with captured output: what a test needs to assert on a command. */
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliCaptured(args: string[], io: { env?: Record<string, string>; cwd: string }): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), env: io.env ?? {}, cwd: io.cwd });
  return { code, stdout, stderr };
}
