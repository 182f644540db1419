import type { ContentFormat } from './contentFormatOf.js';
import { decodeTracesJson } from './decodeTracesJson.js';
import { decodeTracesProto } from './decodeTracesProto.js';
import type { DecodeResult, WireSpan } from './wireTypes.js';

/** Decodes an ExportTraceServiceRequest body (already decompressed) in the given format. Never throws:
 * undecodable bodies give {ok:false} (400), bad spans are counted in `rejected` by reason. */
export function decodeTraces(bytes: Uint8Array, format: ContentFormat): DecodeResult<WireSpan> {
  return format === 'protobuf' ? decodeTracesProto(bytes) : decodeTracesJson(bytes);
}
