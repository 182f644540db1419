/**
 * The scoring/jobs SQLite connection waits for another connection's write lock without blocking the event
 * loop: while a second connection (as the span writer would) holds the lock, a transaction waits, timers
 * keep firing, and it commits once the lock is released; past its budget it fails with SQLITE_BUSY.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteClient } from '../../src/store/scoring/SqlClient.js';
import { openSqliteConnection } from '../../src/store/sqlite/openSqliteConnection.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-busy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(name: string) {
  const path = join(dir, name);
  const writer = new BetterSqlite3(path);
  writer.pragma('journal_mode = WAL');
  writer.exec('CREATE TABLE t (v INTEGER)');
  return { writer, client: sqliteClient(openSqliteConnection(path, 'FULL'), true, 2_000) };
}

describe('SQLite write-lock waits are asynchronous', () => {
  it('a transaction waits for the lock while the event loop keeps serving, then commits', async () => {
    const { writer, client } = setup('wait.db');
    writer.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const timer = setInterval(() => { ticks += 1; }, 10);
    setTimeout(() => writer.exec('COMMIT'), 300);
    const ticksBefore = ticks;
    await client.tx(async (q) => q.run('INSERT INTO t (v) VALUES (?)', [1]));
    clearInterval(timer);
    expect(ticks - ticksBefore).toBeGreaterThan(3);
    expect(writer.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 1 });
    await client.close();
    writer.close();
  });

  it('gives up with SQLITE_BUSY once its budget is spent', async () => {
    const { writer, client } = setup('budget.db');
    writer.exec('BEGIN IMMEDIATE');
    await expect(client.run('INSERT INTO t (v) VALUES (?)', [1])).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    writer.exec('ROLLBACK');
    await client.close();
    writer.close();
  });
});
