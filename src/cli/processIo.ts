/**
 * The CliIo of the real process. A reader that goes away (`tracegate ... | head`) closes our stdout:
 * writes then fail with EPIPE, which Node raises as an unhandled 'error' event (a stack trace and exit
 * 1). Here a closed stream instead drops further output quietly, so the command ends as it would
 * have (its work done, its exit code), like a Unix tool ended by SIGPIPE but without interrupting it.
 */
import type { CliIo } from './cliTypes.js';

/** A writer to `stream` that stops writing, silently, once the stream's reader has gone. */
export function quietWriter(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw error;
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(text);
  };
}

/** stdout, stderr, environment and working directory of this process. */
export function processIo(): CliIo {
  return { stdout: quietWriter(process.stdout), stderr: quietWriter(process.stderr), env: process.env, cwd: process.cwd() };
}
