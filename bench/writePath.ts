/**
 * The ingest write path without HTTP: the same SDK protobuf requests as bench:ingest (random ids),
 * decoded, turned into rows and committed in groups through the span store, one stage at a time, so
 * each stage's cost per span is visible. `--fill N` first stores N spans, to show the steady state of a
 * database that is no longer empty (random trace ids make index inserts scattered).
 *
 * `--split-traces K` delivers each trace's spans over K successive commits (span i of a trace in commit
 * i mod K), as exporters do when a trace's spans end in different export batches: every commit after
 * the first then meets traces stored before, whose facts are recomputed from storage.
 *
 * `--spans-per-trace N` (1..8, default 8) sets the trace shape of the requests (bench:ingest --shape).
 *
 *   npx tsx bench/writePath.ts [--requests 320] [--group 16] [--fill 0] [--split-traces 1] [--spans-per-trace 8] [--postgres] [--synchronous full]
 */
import { parseArgs } from 'node:util';
import { decodeTraces } from '../collectors/index.js';
import type { SpanRow } from '../src/app/ports.js';
import { toSpanRows } from '../src/app/ingest/toSpanRows.js';
import { computeTraceFacts } from '../src/domain/facts/index.js';
import { openDatabase } from '../src/store/openDatabase.js';
import { postgresBenchDatabase, sqliteBenchDatabase } from './support/benchDatabase.js';
import { buildTemplates, stamp } from './support/otlpTemplates.js';

const { values: opts } = parseArgs({
  options: {
    requests: { type: 'string', default: '320' },
    group: { type: 'string', default: '16' },
    fill: { type: 'string', default: '0' },
    'split-traces': { type: 'string', default: '1' },
    'spans-per-trace': { type: 'string', default: '8' },
    postgres: { type: 'boolean', default: false },
    synchronous: { type: 'string', default: 'full' },
  },
});
const REQUESTS = Number(opts.requests);
const GROUP = Number(opts.group);
const FILL = Number(opts.fill);
const SPLIT = Number(opts['split-traces']);
if (!Number.isInteger(SPLIT) || SPLIT < 1) throw new Error(`--split-traces must be a positive integer, got ${opts['split-traces']}`);

/** The rows in SPLIT parts: span i of each trace (in arrival order) goes to part i mod SPLIT. */
function splitTraces(rows: SpanRow[]): SpanRow[][] {
  const parts: SpanRow[][] = Array.from({ length: SPLIT }, () => []);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const i = seen.get(r.traceId) ?? 0;
    seen.set(r.traceId, i + 1);
    parts[i % SPLIT]!.push(r);
  }
  return parts;
}

async function main(): Promise<void> {
  const templates = buildTemplates(8, 512, Number(opts['spans-per-trace']));
  const target = opts.postgres ? postgresBenchDatabase() : sqliteBenchDatabase({ synchronous: opts.synchronous });
  const db = await openDatabase(target.databaseUrl);
  let counter = 1;
  const nextBody = () => {
    const n = counter++;
    return stamp(templates[n % templates.length]!, n);
  };
  const decode = (body: Buffer) => {
    const decoded = decodeTraces(body, 'protobuf');
    if (!decoded.ok) throw new Error('template did not decode');
    return decoded.items;
  };
  try {
    const projectId = (await db.control.createProject('bench')).id;
    for (let filled = 0; filled < FILL; filled += 512 * GROUP) {
      const rows = Array.from({ length: GROUP }, () => toSpanRows(projectId, decode(nextBody())).rows).flat();
      await db.spans.writeBatch({ spans: rows, content: [] }, computeTraceFacts);
    }
    const bodies = Array.from({ length: REQUESTS }, nextBody);
    let decodeNs = 0n;
    let rowsNs = 0n;
    let writeNs = 0n;
    let spans = 0;
    for (let g = 0; g < REQUESTS; g += GROUP) {
      const group: SpanRow[] = [];
      for (const body of bodies.slice(g, g + GROUP)) {
        const t0 = process.hrtime.bigint();
        const items = decode(body);
        const t1 = process.hrtime.bigint();
        const { rows } = toSpanRows(projectId, items);
        decodeNs += t1 - t0;
        rowsNs += process.hrtime.bigint() - t1;
        for (const r of rows) group.push(r);
      }
      const t2 = process.hrtime.bigint();
      for (const part of splitTraces(group)) await db.spans.writeBatch({ spans: part, content: [] }, computeTraceFacts);
      writeNs += process.hrtime.bigint() - t2;
      spans += group.length;
    }
    const us = (ns: bigint) => (Number(ns) / 1000 / spans).toFixed(2).padStart(6);
    const total = decodeNs + rowsNs + writeNs;
    const split = `, ${opts['spans-per-trace']}-span traces${SPLIT > 1 ? `, each trace over ${SPLIT} commits` : ''}`;
    console.log(`write path on ${opts.postgres ? 'postgresql' : `sqlite (synchronous=${opts.synchronous})`}: ${spans} spans in groups of ${GROUP * 512}${split}, after ${FILL} stored`);
    console.log(`  decode          ${us(decodeNs)} us/span`);
    console.log(`  facts + rows    ${us(rowsNs)} us/span`);
    console.log(`  store write     ${us(writeNs)} us/span`);
    console.log(`  total           ${us(total)} us/span = ${Math.round(spans / (Number(total) / 1e9)).toLocaleString('en-US')} spans/s on one thread`);
    const stored = await db.spans.countSpans(projectId);
    const expected = spans + Math.ceil(FILL / (512 * GROUP)) * 512 * GROUP;
    if (stored !== expected) throw new Error(`stored ${stored} spans, expected ${expected}`);
  } finally {
    await db.close();
    await target.cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
