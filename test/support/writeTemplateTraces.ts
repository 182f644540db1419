/** Stores `requests` benchmark template requests (64 spans each, traces of 8 spans) through the real store write, with fresh ids per request. */
import { decodeTraces } from '../../collectors/index.js';
import { toSpanRows } from '../../src/app/ingest/toSpanRows.js';
import { computeTraceFacts } from '../../src/domain/facts/index.js';
import type { Database } from '../../src/store/openDatabase.js';
import { buildTemplates, stamp } from '../../bench/support/otlpTemplates.js';

export async function writeTemplateTraces(db: Database, projectId: string, requests: number): Promise<void> {
  const templates = buildTemplates(2, 64);
  for (let n = 1; n <= requests; n++) {
    const decoded = decodeTraces(stamp(templates[n % templates.length]!, n), 'protobuf');
    if (!decoded.ok) throw new Error('template did not decode');
    await db.spans.writeBatch({ spans: toSpanRows(projectId, decoded.items).rows, content: [] }, computeTraceFacts);
  }
}
