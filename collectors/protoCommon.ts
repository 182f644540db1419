/**
 * Protobuf decoding of the OTLP common messages (opentelemetry/proto/common/v1, resource/v1):
 * AnyValue, KeyValue lists, InstrumentationScope and Resource.
 */
import { MAX_ANY_VALUE_DEPTH, noteTruncatedValue, TRUNCATED_VALUE } from './anyValueDepth.js';
import { ProtoReader } from './protoReader.js';
import { setAttr } from './setAttr.js';
import type { AttrValue, Attributes } from './wireTypes.js';

/** Name and version of an instrumentation scope. */
export interface WireScope {
  name: string;
  version: string;
}

/**
 * AnyValue {1 string, 2 bool, 3 int64, 4 double, 5 array, 6 kvlist, 7 bytes}; null when empty.
 * `depth`: arrays/kvlists around this value; past MAX_ANY_VALUE_DEPTH the value is skipped unread
 * and becomes TRUNCATED_VALUE.
 */
export function readAnyValue(r: ProtoReader, end: number, depth = 0): AttrValue {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    r.pos = end;
    noteTruncatedValue();
    return TRUNCATED_VALUE;
  }
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wt === 2) { value = r.string(end); continue; }
        break;
      case 2:
        if (wt === 0) { value = r.uint32() !== 0; continue; }
        break;
      case 3:
        if (wt === 0) { value = r.int64(); continue; }
        break;
      case 4:
        if (wt === 1) { value = r.double(); continue; }
        break;
      case 5:
        if (wt === 2) { value = readArrayValue(r, r.delimitedEnd(end), depth + 1); continue; }
        break;
      case 6:
        if (wt === 2) { const kvEnd = r.delimitedEnd(end); value = {}; readKeyValues(r, kvEnd, value, 1, depth + 1); continue; }
        break;
      case 7:
        if (wt === 2) { value = r.base64(end); continue; }
        break;
    }
    r.skip(wt, end);
  }
  return value;
}

function readArrayValue(r: ProtoReader, end: number, depth: number): AttrValue[] {
  const values: AttrValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) values.push(readAnyValue(r, r.delimitedEnd(end), depth));
    else r.skip(tag & 7, end);
  }
  return values;
}

/** KeyValue {1 key, 2 value}: sets one attribute on `into`; `depth` as in readAnyValue. */
export function readKeyValue(r: ProtoReader, end: number, into: Attributes, depth = 0): void {
  let key = '';
  let value: AttrValue = null;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) key = r.string(end);
    else if (tag === 0x12) value = readAnyValue(r, r.delimitedEnd(end), depth);
    else r.skip(tag & 7, end);
  }
  setAttr(into, key, value);
}

/** Reads the repeated KeyValue `field` of the message ending at `end` into `into`, skipping other fields. */
export function readKeyValues(r: ProtoReader, end: number, into: Attributes, field: number, depth = 0): void {
  const want = (field << 3) | 2;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === want) readKeyValue(r, r.delimitedEnd(end), into, depth);
    else r.skip(tag & 7, end);
  }
}

/** Resource {1 attributes, 2 dropped_attributes_count, 3 entity_refs} -> its attributes. */
export function readResource(r: ProtoReader, end: number): Attributes {
  const attrs: Attributes = {};
  readKeyValues(r, end, attrs, 1);
  return attrs;
}

/** InstrumentationScope {1 name, 2 version, 3 attributes, 4 dropped} -> name and version. */
export function readScope(r: ProtoReader, end: number): WireScope {
  let name = '';
  let version = '';
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a) name = r.string(end);
    else if (tag === 0x12) version = r.string(end);
    else r.skip(tag & 7, end);
  }
  return { name, version };
}
