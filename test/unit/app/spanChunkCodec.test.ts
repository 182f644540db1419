/**
 * Span chunks round-trip: rows ingested from real SDK data (protobuf: the wire bytes are kept and the
 * row is rebuilt on read; JSON: the row is kept as given) decode back to the rows that were written.
 */
import { describe, expect, it } from 'vitest';
import { decodeTraces } from '../../../collectors/index.js';
import { decodeChunk, encodeChunk } from '../../../src/app/ingest/spanChunkCodec.js';
import { toSpanRows } from '../../../src/app/ingest/toSpanRows.js';
import type { SpanRow } from '../../../src/app/ports.js';
import { buildSdkSpans, serializeSpans } from '../collectors/support/sdkBatches.js';

const withoutRaw = (rows: SpanRow[]) => rows.map(({ raw: _raw, ...row }) => row);

async function ingested(format: 'protobuf' | 'json'): Promise<SpanRow[]> {
  const decoded = decodeTraces(serializeSpans(format, await buildSdkSpans()), format);
  if (!decoded.ok) throw new Error(decoded.message);
  return toSpanRows('project-1', decoded.items).rows;
}

describe('span chunk codec', () => {
  it('keeps protobuf spans as their wire bytes and rebuilds the same rows, facts included', async () => {
    const rows = await ingested('protobuf');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.raw !== undefined)).toBe(true);
    const body = encodeChunk(rows);
    // Nothing derived is stored: the wire bytes, the resource and scope once, a few bytes of framing per span.
    const wire = rows.reduce((n, r) => n + r.raw!.span.length, 0) + rows[0]!.raw!.resource.length;
    const scope = rows[0]!.scopeName.length + rows[0]!.scopeVersion.length;
    expect(body.length).toBeLessThanOrEqual(wire + scope + 16 + rows.length * 6);
    expect(decodeChunk('project-1', body)).toEqual(withoutRaw(rows));
  });

  it('keeps JSON-ingested rows as given and reads them back equal', async () => {
    const rows = await ingested('json');
    expect(rows.every((r) => r.raw === undefined)).toBe(true);
    expect(decodeChunk('project-1', encodeChunk(rows))).toEqual(rows);
  });

  it('reads back what a protobuf row and a JSON row of one trace hold, in order, each with its own resource', async () => {
    const [proto, json] = [await ingested('protobuf'), await ingested('json')];
    const mixed = [proto[0]!, { ...json[1]!, resource: { 'service.name': 'other', long: 'ž'.repeat(5000) } }, proto[2]!];
    const back = decodeChunk('p', encodeChunk(mixed));
    expect(back.map((r) => r.spanId)).toEqual(mixed.map((r) => r.spanId));
    expect(back[1]!.resource).toEqual(mixed[1]!.resource);
    expect(back[0]!.resource).toEqual(proto[0]!.resource);
    expect(back.every((r) => r.projectId === 'p')).toBe(true);
  });

  it('rejects a truncated or corrupt body instead of inventing spans', async () => {
    const body = encodeChunk(await ingested('protobuf'));
    expect(() => decodeChunk('p', body.subarray(0, body.length - 3))).toThrow();
    const bad = Buffer.from(body);
    bad[0] = 9; // nine resources announced
    expect(() => decodeChunk('p', bad)).toThrow();
  });
});
