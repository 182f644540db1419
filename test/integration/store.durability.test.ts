/**
 * Acknowledged means durable: a process writing to SQLite through the span store is killed with
 * SIGKILL mid-stream; every batch whose writeBatch had resolved is found afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/openDatabase.js';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite span store durability', () => {
  it.each([
    { name: 'synchronous=FULL (default)', suffix: '' },
    { name: 'synchronous=NORMAL', suffix: '?synchronous=normal' },
  ])('keeps every acknowledged span after kill -9 ($name)', async ({ suffix }) => {
    const url = `file:${join(dir, `d${suffix ? 'n' : 'f'}.db`)}${suffix}`;
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'storeDurabilityChild.ts'), url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = 0;
    let buffered = '';
    const killed = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ACK ')) acked = Number(line.slice(4));
      // Kill while batches are in flight, once enough have been acknowledged.
      if (acked >= 3000 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    await killed;
    expect(acked).toBeGreaterThanOrEqual(3000);
    const db = await openDatabase(url);
    try {
      const stored = await db.spans.countSpans();
      expect(stored).toBeGreaterThanOrEqual(acked);
      expect(stored - acked).toBeLessThanOrEqual(64); // at most the one batch committed but not yet acknowledged
    } finally {
      await db.close();
    }
  });
});
