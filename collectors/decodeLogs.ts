import type { ContentFormat } from './contentFormatOf.js';
import { decodeLogsJson } from './decodeLogsJson.js';
import { decodeLogsProto } from './decodeLogsProto.js';
import type { DecodeResult, WireLogRecord } from './wireTypes.js';

/** Decodes an ExportLogsServiceRequest body (already decompressed) in the given format. Never throws:
 * undecodable bodies give {ok:false} (400), bad records are counted in `rejected` by reason. */
export function decodeLogs(bytes: Uint8Array, format: ContentFormat): DecodeResult<WireLogRecord> {
  return format === 'protobuf' ? decodeLogsProto(bytes) : decodeLogsJson(bytes);
}
