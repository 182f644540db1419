/**
 * Pure resolution of `startTracing` options and the standard OTEL_* variables into one exporter
 * configuration. Precedence: explicit option > signal-specific variable > generic variable > default.
 */
import { GENERAL } from './attributeNames.js';

/** Options of `startTracing` that decide where and what is exported. */
export interface TracingConfigOptions {
  /** tracegate base URL (`http://host:port`); traces go to `{endpoint}/v1/traces`. */
  endpoint?: string;
  /** Full traces URL, used as is (overrides `endpoint`). */
  tracesUrl?: string;
  /** tracegate API key, sent as `Authorization: Bearer KEY`. */
  key?: string;
  /** Extra HTTP headers on every export. */
  headers?: Record<string, string>;
  serviceName?: string;
  /** `service.version`: the release tracegate compares (baseline vs canary). */
  serviceVersion?: string;
  /** `deployment.environment.name`. */
  environment?: string;
  /** Extra resource attributes. */
  resourceAttributes?: Record<string, string | number | boolean>;
  compression?: 'gzip' | 'none';
  protocol?: 'http/json' | 'http/protobuf';
  /** Record prompts/completions/tool payloads (privacy: off unless asked). */
  captureContent?: boolean;
  /** Export timeout per request in milliseconds. */
  timeoutMs?: number;
}

/** The resolved configuration. */
export interface ResolvedTracingConfig {
  tracesUrl: string;
  headers: Record<string, string>;
  compression: 'gzip' | 'none';
  protocol: 'http/json' | 'http/protobuf';
  resourceAttributes: Record<string, string | number | boolean>;
  captureContent: boolean;
  timeoutMs: number;
}

/** Default collector base URL (the standard OTLP/HTTP port). */
export const DEFAULT_ENDPOINT = 'http://localhost:4318';

/** Resolves options + environment (`env` is passed in; nothing reads process.env here). */
export function resolveTracingConfig(options: TracingConfigOptions, env: Record<string, string | undefined>): ResolvedTracingConfig {
  const tracesUrl =
    options.tracesUrl ??
    (options.endpoint ? joinTracesPath(options.endpoint) : undefined) ??
    nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) ??
    joinTracesPath(nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT) ?? nonEmpty(env.TRACEGATE_ENDPOINT) ?? DEFAULT_ENDPOINT);

  const headers: Record<string, string> = {
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseKeyValueList(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    ...options.headers,
  };
  const key = options.key ?? nonEmpty(env.TRACEGATE_API_KEY);
  if (key) headers.Authorization = `Bearer ${key}`;

  const resourceAttributes: Record<string, string | number | boolean> = { ...parseKeyValueList(env.OTEL_RESOURCE_ATTRIBUTES) };
  const serviceName = options.serviceName ?? nonEmpty(env.OTEL_SERVICE_NAME);
  if (serviceName) resourceAttributes[GENERAL.serviceName] = serviceName;
  if (options.serviceVersion) resourceAttributes[GENERAL.serviceVersion] = options.serviceVersion;
  if (options.environment) resourceAttributes[GENERAL.deploymentEnvironmentName] = options.environment;
  Object.assign(resourceAttributes, options.resourceAttributes);

  const compressionRaw = options.compression ?? env.OTEL_EXPORTER_OTLP_TRACES_COMPRESSION ?? env.OTEL_EXPORTER_OTLP_COMPRESSION;
  const protocolRaw = options.protocol ?? env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL;
  const timeoutRaw = options.timeoutMs ?? Number(env.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT ?? env.OTEL_EXPORTER_OTLP_TIMEOUT ?? NaN);
  return {
    tracesUrl,
    headers,
    compression: compressionRaw?.trim().toLowerCase() === 'gzip' ? 'gzip' : 'none',
    protocol: protocolRaw?.trim() === 'http/protobuf' ? 'http/protobuf' : 'http/json',
    resourceAttributes,
    captureContent: options.captureContent ?? parseCaptureFlag(env.TRACEGATE_CAPTURE_CONTENT ?? env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT),
    timeoutMs: Number.isFinite(timeoutRaw) && timeoutRaw > 0 ? timeoutRaw : 10_000,
  };
}

/** `http://h:1` -> `http://h:1/v1/traces`; a URL already ending in `/v1/traces` is kept. */
export function joinTracesPath(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.endsWith('/v1/traces') ? trimmed : `${trimmed}/v1/traces`;
}

/** Parses the W3C-baggage-like `k1=v1,k2=v2` lists of OTEL_*_HEADERS and OTEL_RESOURCE_ATTRIBUTES. */
export function parseKeyValueList(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of (raw ?? '').split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key) out[safeDecode(key)] = safeDecode(value);
  }
  return out;
}

function parseCaptureFlag(raw: string | undefined): boolean {
  const v = (raw ?? '').trim().toLowerCase();
  return v === 'true' || v === '1' || v === 'span_only' || v === 'span_and_event';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
