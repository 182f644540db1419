/** Public API of the OTLP wire layer: body reading, format detection, decoding and responses. */
export { readBody, type BodyResult, type ReadBodyOptions } from './readBody.js';
export { contentFormatOf, type ContentFormat } from './contentFormatOf.js';
export { decodeTraces, sliceTraces, type TraceSlices } from './decodeTraces.js';
export { decodeLogs } from './decodeLogs.js';
export { encodeExportResponse, encodeStatus, type EncodedResponse, type Signal } from './encodeResponse.js';
export type { RejectReason } from './RejectTally.js';
export type {
  AttrValue, Attributes, DecodeResult, RejectCount, SpanKindCode, StatusCode, WireEvent, WireLink, WireLogRecord, WireSpan,
} from './wireTypes.js';
export { encodeGrpcStatusDetails } from './encodeGrpcStatusDetails.js';
