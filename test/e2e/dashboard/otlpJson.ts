/** Builds OTLP/JSON trace requests for the dashboard tests (hostile content, huge traces). */
import { randomBytes } from 'node:crypto';

type Value = string | number | boolean;
const attr = (key: string, value: Value) => ({
  key,
  value: typeof value === 'string' ? { stringValue: value } : typeof value === 'boolean' ? { boolValue: value } : Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value },
});

export interface JsonSpan {
  spanId: string;
  parentSpanId?: string;
  name: string;
  startMs: number;
  durationMs: number;
  error?: boolean;
  attributes?: Record<string, Value>;
}

export const hexId = (bytes: number) => randomBytes(bytes).toString('hex');

/** One resourceSpans request body for one trace. */
export function otlpTrace(traceId: string, resource: Record<string, Value>, spans: JsonSpan[]) {
  const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();
  return {
    resourceSpans: [
      {
        resource: { attributes: Object.entries(resource).map(([k, v]) => attr(k, v)) },
        scopeSpans: [
          {
            scope: { name: 'dashboard-test' },
            spans: spans.map((s) => ({
              traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              kind: 1,
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.startMs + s.durationMs),
              attributes: Object.entries(s.attributes ?? {}).map(([k, v]) => attr(k, v)),
              status: s.error ? { code: 2, message: 'failed' } : { code: 1 },
            })),
          },
        ],
      },
    ],
  };
}

/** POSTs an OTLP/JSON body to the collector. */
export async function postTraces(baseUrl: string, body: unknown): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`POST /v1/traces: ${res.status} ${await res.text()}`);
}
