/**
 * What it costs the sending thread to hand a 512-span batch to the SQLite writer worker, per span:
 * structured-cloning SpanRow objects, JSON-encoding then cloning flat column arrays, or JSON-encoding
 * then packing into transferred UTF-8 buffers (what SqliteWorkerSpanStore does); plus the receiving
 * side's decode. Rows like bench/store.ts with a 1.2 KB prompt attribute (~2.2 KB per span).
 *
 *   npx tsx bench/sqliteWorkerTransfer.ts [--batches 40]
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import { MessageChannel } from 'node:worker_threads';
import type { SpanRow } from '../src/app/ports.js';
import type { SpanFacts } from '../src/domain/facts/types.js';
import { encodeSpanBatch, packedTransferList, packSpanBatch, unpackSpanBatch } from '../src/store/sqlite/encodeSpanBatch.js';

const i = process.argv.indexOf('--batches');
const BATCHES = Number(i >= 0 ? process.argv[i + 1] : 40);
const SPANS = 512;
const hex = (n: number) => randomBytes(n).toString('hex');
const resource = { 'service.name': 'chat-api', 'service.version': 'v1.4.2', 'deployment.environment.name': 'prod' };
const facts: SpanFacts = {
  operation: 'inference', provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini', inputTokens: 812, outputTokens: 96,
  costUsd: 0.0001, finishReasons: ['stop'], finishClasses: ['stop'], toolName: null, isError: false, errorType: null, ttftMs: 1,
  sessionId: 's', userId: 'u', inputText: null, outputText: null, action: null, actionReason: null, warnings: [],
};
const batch = (): SpanRow[] =>
  Array.from({ length: SPANS }, (_, s) => ({
    projectId: 'p', traceId: hex(16), spanId: hex(8), parentSpanId: s % 8 === 0 ? null : hex(8), name: 'chat gpt-4o-mini', kind: 3,
    startTimeUnixNano: '1790000000000000000', endTimeUnixNano: '1790000000150000000', startMs: 1_790_000_000_000 + s, durationMs: 150,
    statusCode: 0, statusMessage: '', serviceName: 'chat-api', release: 'v1.4.2', environment: 'prod',
    attributes: {
      'gen_ai.operation.name': 'chat', 'gen_ai.system': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 812,
      'gen_ai.response.finish_reasons': ['stop'], 'session.id': 'sess-42', 'gen_ai.prompt': 'x'.repeat(1200), nested: { a: [1, 2, { b: 'c' }] },
    },
    resource, events: [{ timeUnixNano: '1', name: 'e', attributes: { k: 1 } }], links: [], scopeName: 'scope', scopeVersion: '1', facts: { ...facts },
  }));

const batches = Array.from({ length: BATCHES }, batch);
const encoded = batches.map((spans) => encodeSpanBatch({ spans, content: [] }));
const { port1, port2 } = new MessageChannel();
port2.on('message', () => {});
/** Microseconds per span of fn over all batches (best of 3 rounds). */
function measure(fn: () => void): number {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const at = performance.now();
    fn();
    best = Math.min(best, performance.now() - at);
  }
  return (best * 1000) / (BATCHES * SPANS);
}
const rows: [string, number][] = [
  ['sender: JSON-encode columns (encodeSpanBatch)', measure(() => encoded.forEach((_, k) => encodeSpanBatch({ spans: batches[k]!, content: [] })))],
  ['sender: postMessage SpanRow[] (structured clone)', measure(() => batches.forEach((b) => port1.postMessage(b)))],
  ['sender: postMessage encoded flat arrays (clone)', measure(() => encoded.forEach((e) => port1.postMessage(e)))],
  ['sender: pack + postMessage with transfer', measure(() => encoded.forEach((e) => { const p = packSpanBatch(e); port1.postMessage(p, packedTransferList(p)); }))],
];
const clonedRows = batches.map((b) => serialize(b));
const clonedFlat = encoded.map((e) => serialize(e));
const packed = encoded.map(packSpanBatch);
rows.push(
  ['receiver: deserialize SpanRow[]', measure(() => clonedRows.forEach((b) => deserialize(b)))],
  ['receiver: deserialize flat arrays', measure(() => clonedFlat.forEach((b) => deserialize(b)))],
  ['receiver: unpack transferred buffers', measure(() => packed.forEach((p) => unpackSpanBatch(p)))],
);
console.log(`${BATCHES} batches x ${SPANS} spans, ~${Math.round(clonedFlat[0]!.length / SPANS)} bytes per span; ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(2)}`);
for (const [name, us] of rows) console.log(`  ${name.padEnd(52)} ${us.toFixed(2).padStart(6)} us/span`);
port1.close();
