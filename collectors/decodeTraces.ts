import type { ContentFormat } from './contentFormatOf.js';
import { decodeTracesJson } from './decodeTracesJson.js';
import { countTracesProto, decodeTracesProto } from './decodeTracesProto.js';
import type { DecodeResult, RejectCount, WireSpan } from './wireTypes.js';

/** Decodes an ExportTraceServiceRequest body (already decompressed) in the given format. Never throws:
 * undecodable bodies give {ok:false} (400), bad spans are counted in `rejected` by reason. */
export function decodeTraces(bytes: Uint8Array, format: ContentFormat): DecodeResult<WireSpan> {
  return format === 'protobuf' ? decodeTracesProto(bytes) : decodeTracesJson(bytes);
}

/** A trace request decoded a slice of spans at a time (see sliceTraces). */
export interface TraceSlices {
  /** Span messages in the request (valid or not): slices are index ranges of these. */
  spanCount: number;
  /** Decodes spans [from, to): the valid ones, the others counted by reason; or why the request is undecodable. */
  slice(from: number, to: number): { ok: true; items: WireSpan[]; rejected: RejectCount[] } | { ok: false; message: string };
}

/**
 * Prepares a trace request for decoding in slices, so a large request never holds all its decoded
 * spans at once. Protobuf: the framing is walked to count the spans, and each slice decodes only its
 * own (the others are skipped by length). JSON: the body is parsed once and its spans handed out in
 * slices. {ok:false} when the body is undecodable (400).
 */
export function sliceTraces(bytes: Uint8Array, format: ContentFormat): { ok: true; slices: TraceSlices } | { ok: false; message: string } {
  if (format === 'protobuf') {
    const counted = countTracesProto(bytes);
    if (!counted.ok) return counted;
    return { ok: true, slices: { spanCount: counted.spans, slice: (from, to) => decodeTracesProto(bytes, from, to) } };
  }
  const decoded = decodeTracesJson(bytes);
  if (!decoded.ok) return decoded;
  // Rejected spans are already out of `items`: they are reported with the first slice.
  return {
    ok: true,
    slices: {
      spanCount: decoded.items.length,
      slice: (from, to) => ({ ok: true, items: decoded.items.slice(from, to), rejected: from === 0 ? decoded.rejected : [] }),
    },
  };
}
