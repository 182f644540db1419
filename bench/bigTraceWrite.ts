/**
 * One trace of N spans written through the span store in slices of TRACEGATE_MAX_COMMIT_SPANS, one
 * commit per slice, as a large OTLP request is ingested: the store-side cost of a big trace, without
 * HTTP. For profiling (`node --cpu-prof --import tsx bench/bigTraceWrite.ts`).
 *
 *   npx tsx bench/bigTraceWrite.ts [--spans 100000] [--slice 8192] [--postgres]
 */
import { parseArgs } from 'node:util';
import { decodeTraces } from '../collectors/index.js';
import { toSpanRows } from '../src/app/ingest/toSpanRows.js';
import { computeTraceFacts } from '../src/domain/facts/index.js';
import { openDatabase } from '../src/store/openDatabase.js';
import { bigTrace } from '../test/support/hostileBodies.js';
import { postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabase.js';

const { values: opts } = parseArgs({
  options: {
    spans: { type: 'string', default: '100000' },
    slice: { type: 'string', default: '8192' },
    postgres: { type: 'boolean', default: false },
  },
});
const SPANS = Number(opts.spans);
const SLICE = Number(opts.slice);

async function main(): Promise<void> {
  const target = opts.postgres ? postgresBenchDatabase() : sqliteBenchDatabase({ synchronous: 'full' });
  const db = await openDatabase(target.databaseUrl);
  try {
    const projectId = (await db.control.createProject('bench')).id;
    const decoded = decodeTraces(bigTrace(SPANS).body, 'protobuf');
    if (!decoded.ok) throw new Error('big trace did not decode');
    const { rows } = toSpanRows(projectId, decoded.items);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let from = 0; from < rows.length; from += SLICE) {
      await db.spans.writeBatch({ spans: rows.slice(from, from + SLICE), content: [] }, computeTraceFacts);
    }
    const cpu = process.cpuUsage(cpu0);
    const ms = performance.now() - t0;
    const stored = await db.spans.countSpans(projectId);
    const trace = await db.spans.listTraces({ projectId, limit: 1 });
    console.log(
      `${opts.postgres ? 'postgresql' : 'sqlite'}: ${SPANS} spans in slices of ${SLICE}: ${(ms / 1000).toFixed(2)} s wall, ` +
        `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (this process); stored ${stored}, trace spanCount ${trace.traces[0]?.spanCount}`,
    );
  } finally {
    await db.close();
    await target.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
