/** `tracegate serve [--port N] [--database-url URL] ...`: starts the service (same as `npm start`). */
import { Option } from 'commander';
import { ConfigSchema, ENV_KEYS, FLAGS } from '../../config.js';
import type { CommandDefinition } from '../cliTypes.js';
import { exitCodes } from '../options.js';

const DESCRIPTIONS: Record<string, string> = {
  port: 'TCP port for OTLP/HTTP and the API (0 picks a free one)',
  host: 'address to listen on',
  databaseUrl: 'database: file:PATH (SQLite) or postgresql://... (migrations are applied at start)',
  maxBodyBytes: 'largest request body in bytes, on the wire and after decompression',
  maxQueueSpans: 'spans waiting for a commit before new requests get 503 + Retry-After',
  maxInflightRequests: 'OTLP requests read or decoded at once before new ones get 503',
  maxCommitSpans: 'most spans one group commit writes',
  logLevel: 'log level: silent, error, info or debug (JSON lines on stderr)',
};

export const serveCommand: CommandDefinition = {
  name: 'serve',
  summary: 'start the collector and API (same as npm start)',
  define(cmd, ctx) {
    const defaults = ConfigSchema.parse({}) as Record<string, unknown>;
    for (const [flag, key] of Object.entries(FLAGS)) {
      const value = `<${flag.slice(2).split('-').pop()}>`;
      cmd.addOption(new Option(`${flag} ${value}`, `${DESCRIPTIONS[key] ?? key} (env ${ENV_KEYS[key].join(', ')}; default ${String(defaults[key])})`));
    }
    cmd.addHelpText('after', '\nFlags win over environment variables. The process runs until SIGINT or SIGTERM, then drains the ingest queue.');
    exitCodes(cmd, { 0: 'stopped by SIGINT/SIGTERM after draining', 1: 'failed to start (e.g. database unreachable)', 2: 'invalid configuration' });
    ctx.action(cmd, async (_args, options) => {
      // Hand the flags as given to the service's own parser (one source of truth with `npm start`).
      const argv = Object.entries(FLAGS).flatMap(([flag, key]) => (options[key] === undefined ? [] : [flag, String(options[key])]));
      const { main } = await import('../../main.js');
      await main(argv);
      return new Promise<number>(() => {}); // runs until a signal stops the process
    });
  },
};
