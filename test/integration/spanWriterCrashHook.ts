/** Registered before the real worker's listener: a posted span named 'crash' ends the thread before it commits. */
import { parentPort } from 'node:worker_threads';
import type { SpanWriterRequest } from '../../src/store/sqlite/SqliteWorkerSpanStore.js';

parentPort?.on('message', (request: SpanWriterRequest) => {
  if (request.type !== 'write') return;
  // Test spans are SpanRows without protobuf bytes: their chunk records hold the span as JSON.
  const crash = request.batches.some(({ bytes }) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('"name":"crash"'));
  if (crash) process.exit(70);
});
