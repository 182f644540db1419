/**
 * The service's structured logger: JSON lines on stderr through pino. Authorization headers, API keys
 * and other credentials are redacted by path, and anything shaped like a tracegate API key is masked
 * in the written line, so a careless field can not leak one.
 */
import { pino, type DestinationStream } from 'pino';

export type LogLevel = 'silent' | 'error' | 'info' | 'debug';

export interface Logger {
  error(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
}

const SECRET_KEYS = ['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie', 'apiKey', 'key', 'token', 'password', 'secret'];

/** Field paths whose values are replaced by "[Redacted]": at the top level, one level down, and in `headers`/`req.headers`. */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => {
  const at = /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `["${k}"]`;
  return [at.startsWith('.') ? k : at, `*${at}`, `headers${at}`, `req.headers${at}`, `*.headers${at}`];
});

/** A tracegate API key (`tg_` and 40+ URL-safe characters) anywhere in a line, e.g. inside a message. */
const API_KEY = /tg_[A-Za-z0-9_-]{20,}/g;

/** A logger writing at or below `level` through `write` (stderr by default). */
export function createLogger(level: LogLevel, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const destination: DestinationStream = { write: (line: string) => write(line) };
  const log = pino(
    {
      level,
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      hooks: { streamWrite: (line) => line.replace(API_KEY, 'tg_[Redacted]') },
    },
    destination,
  );
  return {
    error: (msg, fields) => (fields ? log.error(fields, msg) : log.error(msg)),
    info: (msg, fields) => (fields ? log.info(fields, msg) : log.info(msg)),
    debug: (msg, fields) => (fields ? log.debug(fields, msg) : log.debug(msg)),
  };
}
