/**
 * Typed wire model shared by the OTLP decoders (JSON and protobuf) and the normalizer.
 * Decoders turn bytes into these values; nothing downstream sees OTLP encodings.
 */

/** An OTLP AnyValue as a plain JS value: kvlist -> object, array -> array, bytes -> base64 string,
 * int64 -> number when it is a safe integer, else its decimal string. null means an empty AnyValue. */
export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };

/** Attributes keyed by name (a later duplicate key wins). */
export type Attributes = Record<string, AttrValue>;

/** OTLP span kind: 0 UNSPECIFIED, 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
export type SpanKindCode = 0 | 1 | 2 | 3 | 4 | 5;

/** OTLP status code: 0 UNSET, 1 OK, 2 ERROR. */
export type StatusCode = 0 | 1 | 2;

/** One span event (e.g. `exception`). */
export interface WireEvent {
  /** Decimal string of nanoseconds since the epoch. */
  timeUnixNano: string;
  name: string;
  attributes: Attributes;
}

/** One span link. */
export interface WireLink {
  traceId: string;
  spanId: string;
  attributes: Attributes;
}

/** One decoded span with its resource and scope; ids are lowercase hex. */
export interface WireSpan {
  /** 32 lowercase hex characters, never all zeros. */
  traceId: string;
  /** 16 lowercase hex characters, never all zeros. */
  spanId: string;
  /** 16 lowercase hex characters, or null for a root span (empty / missing / all zeros). */
  parentSpanId: string | null;
  name: string;
  kind: SpanKindCode;
  /** Decimal string of nanoseconds since the epoch (int64 does not fit a JS number). */
  startTimeUnixNano: string;
  /** Decimal string of nanoseconds since the epoch. */
  endTimeUnixNano: string;
  attributes: Attributes;
  events: WireEvent[];
  links: WireLink[];
  status: { code: StatusCode; message: string };
  /** Resource attributes (the same object is shared by all spans of one ResourceSpans). */
  resource: Attributes;
  scope: { name: string; version: string };
  /** Values nested too deeply that the decoder truncated (collectors/anyValueDepth.ts); absent when none. */
  truncatedValues?: number;
  /**
   * For spans decoded from protobuf: the span's own OTLP Span message and its ResourceSpans'
   * Resource message (empty when absent), as views into the request body. Absent for JSON.
   */
  raw?: { span: Uint8Array; resource: Uint8Array };
}

/** One decoded log record (GenAI content events arrive as log records). */
export interface WireLogRecord {
  /** Lowercase hex, or null when the record carries no trace context. */
  traceId: string | null;
  spanId: string | null;
  /** Decimal string of nanoseconds since the epoch (timeUnixNano, else observedTimeUnixNano, else "0"). */
  timeUnixNano: string;
  /** The record's `eventName` field, else its `event.name` attribute, else null. */
  eventName: string | null;
  body: AttrValue;
  attributes: Attributes;
  resource: Attributes;
}

/** Count of items rejected for one reason (e.g. `invalid_trace_id`). */
export interface RejectCount {
  reason: string;
  count: number;
}

/** Outcome of decoding an export request: a value, never an exception. */
export type DecodeResult<T> =
  | { ok: true; items: T[]; rejected: RejectCount[] }
  | { ok: false; message: string };
