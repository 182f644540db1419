/**
 * PostgreSQL bulk writes with binary array parameters (src/store/postgres/toBinaryColumns.ts), against
 * a real server (127.0.0.1:5432 `test`, or TRACEGATE_PG_URL) in a fresh schema dropped afterwards:
 * what the server decodes from each element type, and what PostgresSpanStore stores from text
 * PostgreSQL cannot hold (NUL, lone surrogates), multi-byte text and large batches with duplicates.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContentRow, SpanRow } from '../../src/app/ports.js';
import { computeTraceFacts } from '../../src/domain/facts/index.js';
import type { SpanFacts } from '../../src/domain/facts/types.js';
import { applyPostgresMigrations } from '../../src/store/migrate/applyMigrations.js';
import { PostgresSpanStore } from '../../src/store/postgres/PostgresSpanStore.js';
import { toBinaryArray, toBinaryColumns, type PgArrayType } from '../../src/store/postgres/toBinaryColumns.js';

const PG_URL = process.env.TRACEGATE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `store_bulk_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
let pool: pg.Pool;
let store: PostgresSpanStore;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.end();
  pool = new pg.Pool({ connectionString: PG_URL, max: 3, options: `-c search_path=${schema}` });
  await applyPostgresMigrations(pool);
  store = new PostgresSpanStore(pool);
});
afterAll(async () => {
  await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool?.end();
});

/** Long enough that the text encoder must grow its buffer mid-column (ASCII first, then 3- and 4-byte UTF-8). */
const growing = ['a'.repeat(5000), '€'.repeat(4000), '🐛'.repeat(3000), ''];

describe('toBinaryArray: the server decodes what was encoded', () => {
  const cases: { name: string; type: PgArrayType; values: unknown[]; expected?: unknown[] }[] = [
    { name: 'text: empty, null, multi-byte, emoji, quotes and braces', type: 'text', values: ['', null, 'žluť', '🐛 "q" {a,b} \\ NULL', 'x'] },
    { name: 'text: a column that outgrows its first buffer', type: 'text', values: growing },
    { name: 'text: lone surrogates become U+FFFD (as pg does for text parameters)', type: 'text', values: ['a\ud800b', '\udc00'], expected: ['a\ufffdb', '\ufffd'] },
    { name: 'text: no elements', type: 'text', values: [] },
    { name: 'int4: bounds, zero and null', type: 'int4', values: [-2147483648, 2147483647, 0, null, 7] },
    { name: 'float8: fractions, extremes, non-finite and null', type: 'float8', values: [1790000000000.25, -0, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity, null] },
    { name: 'bool: true, false and null', type: 'bool', values: [true, false, null] },
  ];
  it.each(cases)('$name', async ({ type, values, expected }) => {
    const { rows } = await pool.query<{ v: unknown }>(`SELECT v FROM unnest($1::${type}[]) WITH ORDINALITY AS u(v, i) ORDER BY i`, [toBinaryArray(type, values)]);
    const got = rows.map((r) => (type === 'float8' && r.v !== null ? Number(r.v) : r.v));
    expect(got).toEqual(expected ?? values);
  });

  it('transposes rows into columns of mixed types', async () => {
    const types: PgArrayType[] = ['text', 'int4', 'float8', 'bool'];
    const rows = [['a', 1, 0.5, true], [null, null, null, null], ['ü', -3, -2.25, false]];
    const { rows: got } = await pool.query(`SELECT * FROM unnest($1::text[], $2::int4[], $3::float8[], $4::bool[]) AS u(t, i, f, b)`, toBinaryColumns(types, rows));
    expect(got.map((r) => [r.t, r.i, r.f === null ? null : Number(r.f), r.b])).toEqual(rows);
  });

  const bad: { name: string; type: PgArrayType; value: unknown; error: typeof TypeError }[] = [
    { name: 'a fraction as int4', type: 'int4', value: 1.5, error: RangeError },
    { name: 'an int4 overflow', type: 'int4', value: 2 ** 31, error: RangeError },
    { name: 'a number as text', type: 'text', value: 5, error: TypeError },
    { name: 'a string as float8', type: 'float8', value: '1', error: TypeError },
    { name: 'a number as bool', type: 'bool', value: 1, error: TypeError },
  ];
  it.each(bad)('refuses $name', ({ type, value, error }) => {
    expect(() => toBinaryArray(type, [value])).toThrow(error);
  });
});

const BASE_MS = 1_790_000_000_000;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
let traceSeq = 0;

function facts(): SpanFacts {
  return {
    operation: 'inference', provider: 'openai', requestModel: 'gpt-x', responseModel: 'gpt-x', inputTokens: 10, outputTokens: 2,
    costUsd: 0.001, finishReasons: ['stop'], finishClasses: ['stop'], toolName: null, isError: false, errorType: null, ttftMs: null,
    sessionId: null, userId: null, inputText: null, outputText: null, action: null, actionReason: null, warnings: [],
  };
}

function span(projectId: string, traceId: string, n: number, over: Partial<SpanRow> = {}): SpanRow {
  const startMs = BASE_MS + n + 0.125;
  return {
    projectId, traceId, spanId: hex(n + 1, 16), parentSpanId: n === 0 ? null : hex(1, 16), name: `chat ${n}`, kind: 3,
    startTimeUnixNano: `${BigInt(Math.floor(startMs)) * 1_000_000n}`, endTimeUnixNano: `${BigInt(Math.floor(startMs) + 5) * 1_000_000n}`,
    startMs, durationMs: 5, statusCode: 0, statusMessage: '', serviceName: 'svc', release: 'v1', environment: 'prod',
    attributes: { 'gen_ai.system': 'openai', n }, resource: { 'service.name': 'svc' }, events: [], links: [], scopeName: 'scope',
    scopeVersion: '1.0', facts: facts(), ...over,
  };
}

describe('PostgresSpanStore bulk writes', () => {
  it('stores text PostgreSQL TEXT cannot hold: NUL kept in spans (chunk bytes), dropped from text columns; lone surrogates as U+FFFD', async () => {
    const t = hex(++traceSeq, 32);
    const odd = span('nul-project', t, 0, {
      name: 'chat\0 gpt', statusMessage: 'bad\0 input', release: 'v\0' + '1', scopeName: 'sc\ud800ope',
      attributes: { 'key\0with nul': 'value\0with nul', lone: '\udfff' }, resource: { 'service.name': 'svc\0' },
      events: [{ timeUnixNano: '1', name: 'e\0', attributes: {} }],
    });
    const content: ContentRow[] = [{ projectId: 'nul-project', traceId: t, spanId: odd.spanId, direction: 'input', text: 'he\0llo', finishReason: 'st\0op', timeMs: BASE_MS }];
    expect(await store.writeBatch({ spans: [odd], content }, computeTraceFacts)).toEqual({ inserted: 1, duplicates: 0, tracesUpdated: 1 });
    const found = await store.getTrace('nul-project', t);
    expect(found?.spans[0]).toEqual({ ...odd, scopeName: 'sc\ufffdope' });
    // The trace's facts JSON keeps it (escaped); its filter column drops it.
    expect(found?.trace).toMatchObject({ spanCount: 1, contentCaptured: true, release: 'v\0' + '1' });
    expect((await pool.query('SELECT release FROM traces WHERE trace_id = $1', [t])).rows).toEqual([{ release: 'v1' }]);
    const { rows } = await pool.query('SELECT text, finish_reason FROM span_contents WHERE trace_id = $1', [t]);
    expect(rows).toEqual([{ text: 'hello', finish_reason: 'stop' }]);
  });

  it('writes a large multi-byte batch with duplicates: counts, read-back and facts match a single write', async () => {
    const project = 'bulk-project';
    const traces = Array.from({ length: 300 }, () => hex(++traceSeq, 32));
    const names = ['chat žluť', 'tool 🐛', '', 'agent "quoted" {braced}', 'x'.repeat(3000)];
    const spans = traces.flatMap((t, i) => Array.from({ length: 8 }, (_, n) => span(project, t, n, { name: names[(i + n) % names.length]! })));
    const first = spans.filter((_, i) => i % 2 === 0);
    expect(await store.writeBatch({ spans: first, content: [] }, computeTraceFacts)).toEqual({ inserted: first.length, duplicates: 0, tracesUpdated: 300 });
    // The whole set, shuffled and with one span repeated: half are duplicates of the first write.
    const again = [...spans].reverse();
    again.push(spans[1]!);
    expect(await store.writeBatch({ spans: again, content: [] }, computeTraceFacts)).toEqual({
      inserted: spans.length - first.length,
      duplicates: first.length + 1,
      tracesUpdated: 300,
    });
    expect(await store.countSpans(project)).toBe(spans.length);
    const sample = await store.getTrace(project, traces[7]!);
    expect(sample?.spans).toEqual(spans.slice(7 * 8, 8 * 8));
    // The same eight spans written at once under another trace id give the same facts.
    const control = hex(++traceSeq, 32);
    await store.writeBatch({ spans: spans.slice(7 * 8, 8 * 8).map((s) => ({ ...s, traceId: control })), content: [] }, computeTraceFacts);
    const single = await store.getTrace(project, control);
    expect(sample?.trace.spanCount).toBe(8);
    expect({ ...sample?.trace, traceId: control, updatedMs: 0 }).toEqual({ ...single?.trace, updatedMs: 0 });
  });
});
