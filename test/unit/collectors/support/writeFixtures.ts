/**
 * Regenerates test/fixtures/otlp/traces-sdk.{json,pb} and logs-sdk.{json,pb}: the same real SDK data
 * serialized by the real OTLP serializers. Run: npx tsx test/unit/collectors/support/writeFixtures.ts
 */
import { writeFileSync } from 'node:fs';
import { buildSdkLogs, buildSdkSpans, serializeLogs, serializeSpans } from './sdkBatches.js';

const dir = new URL('../../../fixtures/otlp/', import.meta.url);
const spans = await buildSdkSpans();
const logs = await buildSdkLogs();
writeFileSync(new URL('traces-sdk.json', dir), serializeSpans('json', spans));
writeFileSync(new URL('traces-sdk.pb', dir), serializeSpans('protobuf', spans));
writeFileSync(new URL('logs-sdk.json', dir), serializeLogs('json', logs));
writeFileSync(new URL('logs-sdk.pb', dir), serializeLogs('protobuf', logs));
