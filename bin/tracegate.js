#!/usr/bin/env node
// The `tracegate` command: loads the TypeScript sources through tsx (the generated Prisma client is TS).
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
const { processIo } = await import('../src/cli/processIo.ts');
process.exitCode = await runCli(process.argv.slice(2), processIo());
