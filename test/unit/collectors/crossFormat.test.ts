import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeLogs, decodeTraces } from '../../../collectors/index.js';
import { buildSdkLogs, buildSdkSpans, serializeLogs, serializeSpans, withoutRaw } from './support/sdkBatches.js';

describe('JSON and protobuf decode the same SDK data to identical wire values', () => {
  it('spans', async () => {
    const spans = await buildSdkSpans();
    const json = decodeTraces(serializeSpans('json', spans), 'json');
    const proto = decodeTraces(serializeSpans('protobuf', spans), 'protobuf');
    expect(json.ok && proto.ok).toBe(true);
    expect(json).toStrictEqual(withoutRaw(proto));
  });

  it('log records', async () => {
    const logs = await buildSdkLogs();
    const json = decodeLogs(serializeLogs('json', logs), 'json');
    const proto = decodeLogs(serializeLogs('protobuf', logs), 'protobuf');
    expect(json.ok && proto.ok).toBe(true);
    expect(json).toStrictEqual(proto);
  });
});

describe('committed fixtures (real serializer output) decode identically in both formats', () => {
  const fixture = (name: string): Buffer => readFileSync(new URL(`../../fixtures/otlp/${name}`, import.meta.url));

  it('traces-sdk.json == traces-sdk.pb', () => {
    const json = decodeTraces(fixture('traces-sdk.json'), 'json');
    const proto = decodeTraces(fixture('traces-sdk.pb'), 'protobuf');
    expect(withoutRaw(proto)).toStrictEqual(json);
    expect(json.ok && json.items.length).toBe(6);
    const llm = json.ok ? json.items.find((s) => s.name === 'chat gpt-4o-mini') : undefined;
    expect(llm).toMatchObject({ kind: 3, status: { code: 2, message: 'upstream 429' }, attributes: { 'big.int': '1152921504606846976', 'double.one': 1 } });
  });

  it('logs-sdk.json == logs-sdk.pb', () => {
    const json = decodeLogs(fixture('logs-sdk.json'), 'json');
    expect(decodeLogs(fixture('logs-sdk.pb'), 'protobuf')).toStrictEqual(json);
    expect(json.ok && json.items.map((l) => l.eventName)).toEqual(['gen_ai.choice', 'gen_ai.user.message']);
  });
});
