import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Loads a committed reference fixture made by scripts/make-stats-fixtures.py. */
export function loadFixture<T>(name: string): T[] {
  const url = new URL(`../../fixtures/stats/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T[];
}

/** |a − b| within an absolute-or-relative tolerance. */
export function close(a: number, b: number, tol = 1e-9): boolean {
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}
