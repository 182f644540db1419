/** The registry of subcommands, loaded lazily so `tracegate gate` never loads the database driver. */
import type { Command } from '../cliTypes.js';

type Loader = () => Promise<Command>;

/** name -> loader; add one line per command. */
export const COMMANDS: Record<string, { summary: string; load: Loader }> = {
  serve: { summary: 'start the collector and API (same as npm start)', load: async () => (await import('./serve.js')).serveCommand },
  keys: { summary: 'keys create --project NAME: print a new API key once', load: async () => (await import('./keys.js')).keysCommand },
};
