import { describe, expect, it } from 'vitest';
import { decodeLogs, decodeTraces } from '../../../collectors/index.js';
import { serializeLogs, serializeSpans } from './decoderContract.js';
import { buildSdkLogs, buildSdkSpans } from './support/sdkBatches.js';

describe('JSON and protobuf decode the same SDK data to identical wire values', () => {
  it('spans', async () => {
    const spans = await buildSdkSpans();
    const json = decodeTraces(serializeSpans('json', spans), 'json');
    const proto = decodeTraces(serializeSpans('protobuf', spans), 'protobuf');
    expect(json.ok && proto.ok).toBe(true);
    expect(json).toStrictEqual(proto);
  });

  it('log records', async () => {
    const logs = await buildSdkLogs();
    const json = decodeLogs(serializeLogs('json', logs), 'json');
    const proto = decodeLogs(serializeLogs('protobuf', logs), 'protobuf');
    expect(json.ok && proto.ok).toBe(true);
    expect(json).toStrictEqual(proto);
  });
});
