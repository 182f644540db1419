/**
 * The spans of a stored chunk as scorers read them, without rebuilding every span. Scorers look at the
 * ids, name, status and operation of every span, but at the attributes and facts of only a few (tool
 * and retrieval spans, the root). So a protobuf record (chunk format 1) is read in one shallow pass:
 * ids, name, status, start time and the few attributes that decide the operation (classifyOperation,
 * the same function ingest uses); its attributes, events and facts are decoded and computed, exactly as
 * decodeChunk does, only when a scorer first reads them. JSON records (format 2) carry their facts and
 * are read whole. The result is the same as decodeChunk's rows for every field a scorer can read.
 */
import { readAnyValue } from '../../../collectors/protoCommon.js';
import { ProtoError, ProtoReader } from '../../../collectors/protoReader.js';
import { decodeStoredResource, decodeStoredSpan } from '../../../collectors/decodeTracesProto.js';
import { setAttr } from '../../../collectors/setAttr.js';
import type { AttrValue, Attributes, WireEvent, WireSpan } from '../../../collectors/wireTypes.js';
import { ByteReader, CHUNK_FORMAT_JSON, CHUNK_FORMAT_PROTO } from '../../app/ingest/spanChunkCodec.js';
import { GEN_AI, LANGFUSE, OPENINFERENCE, TRACELOOP } from '../../domain/facts/attributeNames.js';
import { classifyOperation, computeSpanFacts, nanosToMs } from '../../domain/facts/index.js';
import type { OperationKind, SpanFacts } from '../../domain/facts/types.js';
import type { ScoringSpan } from '../../domain/scoring/types.js';

/** A scoring span with its start time (spans are ordered by compareSpans: start, then id). */
export type OrderedScoringSpan = ScoringSpan & { startMs: number };

/** The attributes classifyOperation reads (a test checks it reads no other). */
export const OPERATION_ATTRIBUTE_KEYS: ReadonlySet<string> = new Set([
  GEN_AI.operationName, OPENINFERENCE.spanKind, TRACELOOP.spanKind, TRACELOOP.requestType, LANGFUSE.observationType,
]);

/** The chunk's resources, decoded on first use (only facts of spans read in full may need one). */
class ChunkResources {
  private readonly decoded: (Attributes | undefined)[] = [];
  constructor(private readonly raw: readonly { format: number; bytes: Uint8Array }[]) {}

  get count(): number {
    return this.raw.length;
  }

  at(i: number): Attributes {
    let attrs = this.decoded[i];
    if (attrs === undefined) {
      const r = this.raw[i]!;
      attrs = r.format === CHUNK_FORMAT_PROTO ? decodeStoredResource(r.bytes) : (JSON.parse(Buffer.from(r.bytes).toString('utf8')) as Attributes);
      this.decoded[i] = attrs;
    }
    return attrs;
  }
}

/** A protobuf-stored span: the shallow fields now, the rest decoded from its bytes when first read. */
class StoredProtoSpan implements OrderedScoringSpan {
  private wireSpan: WireSpan | null = null;
  private spanFacts: SpanFacts | null = null;

  constructor(
    readonly spanId: string,
    readonly parentSpanId: string | null,
    readonly name: string,
    readonly statusCode: 0 | 1 | 2,
    readonly statusMessage: string,
    readonly operation: OperationKind,
    readonly startMs: number,
    private readonly bytes: Uint8Array,
    private readonly resources: ChunkResources,
    private readonly resourceIndex: number,
    private readonly scope: WireSpan['scope'],
  ) {}

  /** The span as decodeChunk decodes it (same decoder, same resource and scope). */
  private wire(): WireSpan {
    if (this.wireSpan === null) {
      const wire = decodeStoredSpan(this.bytes);
      wire.resource = this.resources.at(this.resourceIndex);
      wire.scope = this.scope;
      this.wireSpan = wire;
    }
    return this.wireSpan;
  }

  get attributes(): Attributes {
    return this.wire().attributes;
  }

  get events(): WireEvent[] {
    return this.wire().events;
  }

  get facts(): SpanFacts {
    return (this.spanFacts ??= computeSpanFacts(this.wire()));
  }
}

/** Span.status {2 message, 3 code}. */
function readStatus(r: ProtoReader, end: number): { code: 0 | 1 | 2; message: string } {
  let code = 0;
  let message = '';
  while (r.pos < end) {
    const t = r.uint32();
    if (t === 0x12) message = r.string(end);
    else if (t === 0x18) code = r.uint32();
    else r.skip(t & 7, end);
  }
  return { code: (code <= 2 ? code : 0) as 0 | 1 | 2, message };
}

/** KeyValue {1 key, 2 value}: sets the attribute on `into` only when its key decides the operation. */
function readOperationAttribute(r: ProtoReader, end: number, into: Attributes): void {
  let key = '';
  let valueStart = -1;
  let valueEnd = -1;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) key = r.string(end);
    else if (tag === 0x12) {
      valueEnd = r.delimitedEnd(end);
      valueStart = r.pos;
      r.pos = valueEnd;
    } else r.skip(tag & 7, end);
  }
  if (!OPERATION_ATTRIBUTE_KEYS.has(key)) return;
  let value: AttrValue = null;
  if (valueStart >= 0) {
    const after = r.pos;
    r.pos = valueStart;
    value = readAnyValue(r, valueEnd);
    r.pos = after;
  }
  setAttr(into, key, value);
}

/**
 * One stored Span message, shallow. Anything the full decoder would reject (bad ids, no start time)
 * goes through the full decoder, so it fails the same way.
 */
function readProtoSpan(bytes: Uint8Array, resources: ChunkResources, resourceIndex: number, scope: WireSpan['scope']): StoredProtoSpan {
  const r = new ProtoReader(bytes);
  const end = bytes.length;
  let spanId: string | null = '';
  let parentSpanId: string | null = null;
  let name = '';
  let start = '0';
  let status: { code: 0 | 1 | 2; message: string } = { code: 0, message: '' };
  const operationAttrs: Attributes = {};
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag) {
      case 0x12: spanId = r.hexId(end); break; // 2 span_id
      case 0x22: parentSpanId = r.hexId(end); break; // 4 parent_span_id
      case 0x2a: name = r.string(end); break; // 5 name
      case 0x39: start = r.fixed64String(); break; // 7 start_time_unix_nano
      case 0x4a: readOperationAttribute(r, r.delimitedEnd(end), operationAttrs); break; // 9 attributes
      case 0x7a: status = readStatus(r, r.delimitedEnd(end)); break; // 15 status
      default: r.skip(tag & 7, end);
    }
  }
  if (parentSpanId === '') parentSpanId = null;
  if (spanId === null || spanId.length !== 16 || (parentSpanId !== null && parentSpanId.length !== 16) || start === '0') {
    decodeStoredSpan(bytes); // throws ProtoError for what ingest would have rejected
    throw new ProtoError('stored span is invalid');
  }
  const operation = classifyOperation(operationAttrs, name, []);
  return new StoredProtoSpan(spanId, parentSpanId, name, status.code, status.message, operation, nanosToMs(start), bytes, resources, resourceIndex, scope);
}

/** A JSON record (format 2): the span and its facts as stored. */
function readJsonSpan(r: ByteReader): OrderedScoringSpan {
  const wire = JSON.parse(r.utf8()) as WireSpan;
  const facts = JSON.parse(r.utf8()) as SpanFacts;
  const startMs = r.f64();
  r.f64(); // duration
  r.nullableUtf8(); // service name, release, environment: trace-level facts carry them
  r.nullableUtf8();
  r.nullableUtf8();
  return {
    spanId: wire.spanId, parentSpanId: wire.parentSpanId, name: wire.name, statusCode: wire.status.code, statusMessage: wire.status.message,
    operation: facts.operation, attributes: wire.attributes, events: wire.events, facts, startMs,
  };
}

/**
 * The spans of one chunk body (the layout of spanChunkCodec), unordered. Throws RangeError/ProtoError/
 * SyntaxError on a corrupt body, like decodeChunk.
 */
export function readScoringSpans(body: Uint8Array): OrderedScoringSpan[] {
  const r = new ByteReader(body);
  const raw: { format: number; bytes: Uint8Array }[] = [];
  for (let n = r.varint(); n > 0; n--) raw.push({ format: r.byte(), bytes: r.bytes() });
  const resources = new ChunkResources(raw);
  const scopes: WireSpan['scope'][] = [];
  for (let n = r.varint(); n > 0; n--) scopes.push({ name: r.utf8(), version: r.utf8() });
  const spans: OrderedScoringSpan[] = [];
  while (r.pos < body.length) {
    const resourceIndex = r.varint();
    const scope = scopes[r.varint()];
    if (resourceIndex >= resources.count || scope === undefined) throw new RangeError('span chunk refers to a missing resource or scope');
    const format = r.byte();
    if (format === CHUNK_FORMAT_PROTO) spans.push(readProtoSpan(r.bytes(), resources, resourceIndex, scope));
    else if (format === CHUNK_FORMAT_JSON) spans.push(readJsonSpan(r));
    else throw new RangeError(`unknown span record format ${format}`);
  }
  return spans;
}
