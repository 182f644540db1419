import { describe, expect, it } from 'vitest';
import { parseKeyValueList, resolveTracingConfig } from '../../../src/instrument/resolveTracingConfig.js';

describe('resolveTracingConfig', () => {
  const cases = [
    {
      name: 'defaults',
      options: {},
      env: {},
      expected: { tracesUrl: 'http://localhost:4318/v1/traces', headers: {}, compression: 'none', protocol: 'http/json', captureContent: false, timeoutMs: 10_000 },
    },
    {
      name: 'OTEL_* variables',
      options: {},
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://tg:8080/',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k%201,x-team=ml',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_SERVICE_NAME: 'bot',
        OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.2.0,deployment.environment.name=prod',
        OTEL_EXPORTER_OTLP_TIMEOUT: '3000',
      },
      expected: {
        tracesUrl: 'http://tg:8080/v1/traces',
        headers: { 'x-api-key': 'k 1', 'x-team': 'ml' },
        compression: 'gzip',
        protocol: 'http/protobuf',
        resourceAttributes: { 'service.name': 'bot', 'service.version': '1.2.0', 'deployment.environment.name': 'prod' },
        timeoutMs: 3000,
      },
    },
    {
      name: 'signal-specific endpoint is used as is',
      options: {},
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:2/custom/traces' },
      expected: { tracesUrl: 'http://b:2/custom/traces' },
    },
    {
      name: 'options beat variables; key becomes a Bearer header',
      options: { endpoint: 'http://opt:9', key: 'secret', serviceName: 'svc', serviceVersion: '2.0.0', environment: 'staging', compression: 'none' as const, captureContent: true },
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:1', OTEL_SERVICE_NAME: 'envsvc', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip', OTEL_RESOURCE_ATTRIBUTES: 'service.version=1.0.0' },
      expected: {
        tracesUrl: 'http://opt:9/v1/traces',
        headers: { Authorization: 'Bearer secret' },
        compression: 'none',
        captureContent: true,
        resourceAttributes: { 'service.name': 'svc', 'service.version': '2.0.0', 'deployment.environment.name': 'staging' },
      },
    },
    {
      name: 'TRACEGATE_* variables and GenAI capture variable',
      options: {},
      env: { TRACEGATE_ENDPOINT: 'http://tg:4318', TRACEGATE_API_KEY: 'k', OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'SPAN_ONLY' },
      expected: { tracesUrl: 'http://tg:4318/v1/traces', headers: { Authorization: 'Bearer k' }, captureContent: true },
    },
  ];
  it.each(cases)('$name', ({ options, env, expected }) => {
    expect(resolveTracingConfig(options, env)).toMatchObject(expected);
  });

  it('parseKeyValueList skips malformed items', () => {
    expect(parseKeyValueList('a=1,,=x,b, c = 2 ,d=e=f')).toEqual({ a: '1', c: '2', d: 'e=f' });
  });
});
