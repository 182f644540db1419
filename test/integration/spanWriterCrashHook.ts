/** Registered before the real worker's listener: a posted span named 'crash' ends the thread before it commits. */
import { parentPort } from 'node:worker_threads';
import { unpackSpanBatch } from '../../src/store/sqlite/encodeSpanBatch.js';
import type { SpanWriterRequest } from '../../src/store/sqlite/SqliteWorkerSpanStore.js';

parentPort?.on('message', (request: SpanWriterRequest) => {
  if (request.type === 'write' && unpackSpanBatch(request.batch).spanValues.includes('crash')) process.exit(70);
});
