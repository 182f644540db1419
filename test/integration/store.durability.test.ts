/**
 * Acknowledged means durable: a process writing to SQLite through the span store exactly as the
 * service does (the default worker writer, the domain's facts) is killed with SIGKILL mid-stream;
 * every batch whose writeBatch had resolved is found afterwards, trace rows included. kill -9 keeps
 * the OS page cache, so it cannot tell synchronous=FULL from OFF: the writer connections' journal_mode
 * and synchronous are asserted directly (docs/storage.md says what only power loss would prove).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/openDatabase.js';
import { SqliteWorkerSpanStore } from '../../src/store/sqlite/SqliteWorkerSpanStore.js';

const dir = mkdtempSync(join(tmpdir(), 'tracegate-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = [
  { name: 'synchronous=FULL (default)', suffix: '', synchronous: 2 },
  { name: 'synchronous=NORMAL', suffix: '?synchronous=normal', synchronous: 1 },
];

describe('SQLite span store durability', () => {
  it.each(cases)('keeps every acknowledged span after kill -9 of a process writing through the worker ($name)', async ({ suffix }) => {
    const url = `file:${join(dir, `d${suffix ? 'n' : 'f'}.db`)}${suffix}`;
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'storeDurabilityChild.ts'), url], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let acked = 0;
    let writer = '';
    let buffered = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('ACK ')) acked = Number(line.slice(4));
        if (line.startsWith('WRITER ')) writer = line.slice(7);
      }
      // Kill while batches are in flight, once enough have been acknowledged.
      if (acked >= 3000 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    await exited;
    expect(writer).toBe('worker');
    expect(child.signalCode).toBe('SIGKILL'); // not a crash of the writer before enough acknowledgements
    expect(acked).toBeGreaterThanOrEqual(3000);
    const db = await openDatabase(url);
    try {
      const stored = await db.spans.countSpans();
      expect(stored).toBeGreaterThanOrEqual(acked);
      expect(stored - acked).toBeLessThanOrEqual(128); // at most the batches committed but not yet acknowledged
      const traces = await db.spans.listTraces({ projectId: (await db.control.createProject('durability')).id, limit: 1000 });
      expect(traces.traces.length).toBeGreaterThanOrEqual(Math.min(1000, Math.floor(acked / 64)));
      expect(traces.traces.every((t) => t.spanCount === 64)).toBe(true);
    } finally {
      await db.close();
    }
  }, 120_000);

  it.each(cases)('runs both connections (worker writer and main thread) in WAL with the configured synchronous ($name)', async ({ suffix, synchronous }) => {
    const db = await openDatabase(`file:${join(dir, `p${suffix ? 'n' : 'f'}.db`)}${suffix}`);
    try {
      expect(db.spans).toBeInstanceOf(SqliteWorkerSpanStore);
      const settings = await (db.spans as SqliteWorkerSpanStore).durability();
      expect(settings).toEqual({ writer: { journalMode: 'wal', synchronous }, reader: { journalMode: 'wal', synchronous } });
    } finally {
      await db.close();
    }
  });
});
