/**
 * The span-writer worker thread behind SqliteWorkerSpanStore: owns its own SQLite connection to the
 * same file (WAL, same pragmas as the main-thread connection) and commits the batches it is posted,
 * one at a time and in order, through SqliteSpanStore's write path. It answers each batch only after
 * COMMIT returned, so the main thread acknowledges nothing that is not durably stored.
 *
 * Trace facts are always recomputed with the domain's computeTraceFacts: a function cannot be posted
 * to a thread (SqliteWorkerSpanStore commits writes with any other function on the main thread).
 * Loaded through tsx's CommonJS hook (see SqliteWorkerSpanStore): no import.meta, no top-level await.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { computeTraceFacts } from '../../domain/facts/index.js';
import { openSqliteConnection, readSqliteDurability } from './openSqliteConnection.js';
import { SqliteSpanStore } from './SqliteSpanStore.js';
import type { SpanWriterReply, SpanWriterRequest, SpanWriterWorkerData } from './SqliteWorkerSpanStore.js';

const port = parentPort;
if (!port) throw new Error('spanWriterWorker.ts runs as a worker thread (started by SqliteWorkerSpanStore)');
const { path, synchronous } = workerData as SpanWriterWorkerData;
const db = openSqliteConnection(path, synchronous);
const store = new SqliteSpanStore(db);
const reply = (message: SpanWriterReply) => port.postMessage(message);

port.on('message', (request: SpanWriterRequest) => {
  if (request.type === 'close') {
    void store.close().finally(() => port.close());
    return;
  }
  if (request.type === 'durability') {
    reply({ type: 'durability', id: request.id, durability: readSqliteDurability(db) });
    return;
  }
  try {
    reply({ type: 'committed', id: request.id, outcome: store.writeEncoded(request.batches, computeTraceFacts) });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    reply({
      type: 'failed',
      id: request.id,
      message: error instanceof Error ? error.message : String(error),
      code: typeof code === 'string' ? code : null,
    });
  }
});
reply({ type: 'ready' });
