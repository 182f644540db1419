#!/usr/bin/env node
/**
 * Builds the web dashboard (dashboards/web -> dashboards/dist) with Vite when the build is missing or
 * older than its sources; `--force` always builds. Runs before `npm start` (prestart). Nothing is
 * downloaded: Vite, Preact and uPlot come from node_modules.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'dashboards', 'web');
const builtIndex = join(root, 'dashboards', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when dashboards/dist is missing or older than dashboards/web or package-lock.json. */
export function dashboardIsStale() {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  const lock = join(root, 'package-lock.json');
  return newestMtime(web) > built || (existsSync(lock) && statSync(lock).mtimeMs > built);
}

/** Builds when stale (or always with force); resolves to true when a build ran. */
export async function buildDashboard({ force = false, quiet = false } = {}) {
  if (!force && !dashboardIsStale()) return false;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    console.error('dashboard: vite is not installed (install dev dependencies with `npm install`); the API still runs, the dashboard is not built');
    return false;
  }
  const started = Date.now();
  await vite.build({ configFile: join(web, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  if (!quiet) console.log(`dashboard: built dashboards/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildDashboard({ force: process.argv.includes('--force') }).catch((error) => {
    console.error(`dashboard: build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
