/**
 * Child process for store.durability.test.ts: writes batches to the SQLite database at argv[2] as
 * fast as it can and prints `ACK <total>` after each writeBatch resolves, until it is killed.
 */
import { randomBytes } from 'node:crypto';
import type { ComputeTraceFactsFn, SpanRow } from '../../src/app/ports.js';
import { openDatabase } from '../../src/store/openDatabase.js';

const db = await openDatabase(process.argv[2]!);
const projectId = (await db.control.createProject('durability')).id;
const compute: ComputeTraceFactsFn = (traceId, spans) => ({
  traceId, serviceName: 'svc', release: null, environment: null, rootSpanId: null, incomplete: true, startMs: spans[0]!.startMs,
  endMs: spans[0]!.endMs, durationMs: 1, spanCount: spans.length, models: [], providers: [], inputTokens: null, outputTokens: null,
  costUsd: null, inferenceCalls: 0, toolCalls: 0, toolErrors: 0, toolNames: [], error: false, errorTypes: [], finishReasons: [],
  finishClasses: [], lastFinishClass: null, ttftMs: null, sessionId: null, userId: null, inputText: null, outputText: null,
  contentCaptured: false, action: null, actionSource: null, actionReason: null, warningCount: 0,
});
let total = 0;
for (;;) {
  const traceId = randomBytes(16).toString('hex');
  const spans: SpanRow[] = Array.from({ length: 64 }, () => ({
    projectId, traceId, spanId: randomBytes(8).toString('hex'), parentSpanId: null, name: 'op', kind: 1,
    startTimeUnixNano: '1', endTimeUnixNano: '2', startMs: 1, durationMs: 1, statusCode: 0, statusMessage: '', serviceName: 'svc',
    release: null, environment: null, attributes: { a: 'x'.repeat(200) }, resource: {}, events: [], links: [], scopeName: '',
    scopeVersion: '', facts: {} as SpanRow['facts'],
  }));
  const outcome = await db.spans.writeBatch({ spans, content: [] }, compute);
  total += outcome.inserted;
  process.stdout.write(`ACK ${total}\n`);
}
