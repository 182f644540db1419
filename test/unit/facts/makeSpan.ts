import type { Attributes, WireEvent, WireSpan } from '../../../collectors/wireTypes.js';

const T0 = 1_760_000_000_000n; // ms since epoch

/** Builds a WireSpan the way the decoders produce it; times are ms offsets from a fixed epoch. */
export function makeSpan(opts: {
  name: string;
  attributes?: Attributes;
  spanId?: string;
  parentSpanId?: string | null;
  startMs?: number;
  endMs?: number;
  kind?: WireSpan['kind'];
  statusCode?: 0 | 1 | 2;
  events?: WireEvent[];
  resource?: Attributes;
  traceId?: string;
}): WireSpan {
  const start = T0 + BigInt(opts.startMs ?? 0);
  const end = T0 + BigInt(opts.endMs ?? (opts.startMs ?? 0) + 100);
  return {
    traceId: opts.traceId ?? '0af7651916cd43dd8448eb211c80319c',
    spanId: opts.spanId ?? 'b7ad6b7169203331',
    parentSpanId: opts.parentSpanId ?? null,
    name: opts.name,
    kind: opts.kind ?? 1,
    startTimeUnixNano: `${start * 1_000_000n}`,
    endTimeUnixNano: `${end * 1_000_000n + 250_000n}`,
    attributes: opts.attributes ?? {},
    events: opts.events ?? [],
    links: [],
    status: { code: opts.statusCode ?? 0, message: '' },
    resource: opts.resource ?? { 'service.name': 'support-bot', 'service.version': '1.4.2' },
    scope: { name: 'test', version: '0.0.0' },
  };
}

/** Epoch ms of offset 0 in makeSpan. */
export const T0_MS = Number(T0);
