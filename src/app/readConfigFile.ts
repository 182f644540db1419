/** Reading a configuration file the service names in an environment variable (the alerts file, the canary policy). */
import { readFileSync } from 'node:fs';

/** A parser's verdict on a file's text: the value, or every bad field. */
export type ConfigParse<T> = { ok: true; value: T } | { ok: false; errors: ReadonlyArray<{ path: string; message: string }> };

/**
 * Reads and validates the file at `path` named by `variable`. Throws an Error naming the variable, the
 * file and every bad field (e.g. `channels.0.url: expected an http(s) URL`): the service refuses to start
 * with a bad file. The value is frozen.
 */
export function readConfigFile<T extends object>(variable: string, path: string, parse: (text: string) => ConfigParse<T>): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`${variable} ${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const parsed = parse(text);
  if (!parsed.ok) throw new Error(`${variable} ${path}: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return Object.freeze(parsed.value);
}
