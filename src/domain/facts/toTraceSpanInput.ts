import type { Attributes, WireSpan } from '../../../collectors/wireTypes.js';
import { GENERAL } from './attributeNames.js';
import { nanosToMs } from './nanosToMs.js';
import type { SpanFacts, TraceSpanInput } from './types.js';

function resourceText(resource: Attributes, key: string): string | null {
  const value = resource[key];
  if (typeof value === 'string') return value.length > 0 ? value : null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The span as the trace-level computation needs it: ms timestamps, status, and resource cohort fields. */
export function toTraceSpanInput(span: WireSpan, facts: SpanFacts): TraceSpanInput {
  const resource = span.resource;
  return {
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    startMs: nanosToMs(span.startTimeUnixNano),
    endMs: nanosToMs(span.endTimeUnixNano),
    statusCode: span.status.code,
    serviceName: resourceText(resource, GENERAL.serviceName),
    release: resourceText(resource, GENERAL.serviceVersion),
    environment:
      resourceText(resource, GENERAL.deploymentEnvironmentName) ?? resourceText(resource, GENERAL.deploymentEnvironment),
    facts,
  };
}
