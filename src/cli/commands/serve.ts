/** `tracegate serve [--port N] [--database-url URL] ...`: starts the service (same as `npm start`). */
import type { Command } from '../cliTypes.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'start the collector and API (flags: --port, --host, --database-url, --max-body-bytes, ...)',
  async run(argv) {
    const { main } = await import('../../main.js');
    await main(argv);
    return new Promise<number>(() => {}); // runs until a signal stops the process
  },
};
