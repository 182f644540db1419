/**
 * Child process for store.durability.test.ts: opens the SQLite database at argv[2] exactly as the
 * service does (default writer: the span-writer worker thread), writes 64-span traces through it as
 * fast as it can with the domain's computeTraceFacts (the service's path: commits run on the worker),
 * and prints `ACK <total>` after each writeBatch resolves, until it is killed. A failed write ends it.
 */
import { decodeTraces } from '../../collectors/index.js';
import { toSpanRows } from '../../src/app/ingest/toSpanRows.js';
import { computeTraceFacts } from '../../src/domain/facts/index.js';
import { openDatabase } from '../../src/store/openDatabase.js';
import { SqliteWorkerSpanStore } from '../../src/store/sqlite/SqliteWorkerSpanStore.js';
import { bigTrace } from '../support/hostileBodies.js';

const db = await openDatabase(process.argv[2]!);
process.stdout.write(`WRITER ${db.spans instanceof SqliteWorkerSpanStore ? 'worker' : 'other'}\n`);
const projectId = (await db.control.createProject('durability')).id;
let total = 0;
for (;;) {
  const decoded = decodeTraces(bigTrace(64).body, 'protobuf');
  if (!decoded.ok) throw new Error(decoded.message);
  const { rows } = toSpanRows(projectId, decoded.items);
  const outcome = await db.spans.writeBatch({ spans: rows, content: [] }, computeTraceFacts);
  total += outcome.inserted;
  process.stdout.write(`ACK ${total}\n`);
}
