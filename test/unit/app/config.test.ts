import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('loadConfig', () => {
  it('defaults: port 4318, SQLite file in the working directory, 64 MiB body limit', () => {
    const r = loadConfig([], {});
    expect(r.ok && r.config).toMatchObject({ port: 4318, databaseUrl: 'file:./tracegate.db', maxBodyBytes: 64 * 1024 * 1024 });
  });
  it.each([
    { name: 'env', argv: [], env: { TRACEGATE_PORT: '5001' }, port: 5001 },
    { name: 'flag', argv: ['--port', '5002'], env: {}, port: 5002 },
    { name: 'flag=value wins over env', argv: ['--port=5003'], env: { TRACEGATE_PORT: '5001' }, port: 5003 },
  ])('port from $name', ({ argv, env, port }) => {
    const r = loadConfig(argv, env);
    expect(r.ok && r.config.port).toBe(port);
  });
  it.each([
    { name: 'the default', argv: [], env: {}, grpcPort: 4317 },
    { name: 'env', argv: [], env: { TRACEGATE_GRPC_PORT: '5317' }, grpcPort: 5317 },
    { name: '0 (off)', argv: [], env: { TRACEGATE_GRPC_PORT: '0' }, grpcPort: 0 },
    { name: 'flag wins over env', argv: ['--grpc-port', '6317'], env: { TRACEGATE_GRPC_PORT: '5317' }, grpcPort: 6317 },
  ])('gRPC port from $name', ({ argv, env, grpcPort }) => {
    const r = loadConfig(argv, env);
    expect(r.ok && r.config.grpcPort).toBe(grpcPort);
  });
  it('honours DATABASE_URL', () => {
    const r = loadConfig([], { DATABASE_URL: 'postgresql://u@h/db' });
    expect(r.ok && r.config.databaseUrl).toBe('postgresql://u@h/db');
  });
  it.each([
    { name: 'a non-numeric port', argv: ['--port', 'abc'], match: /TRACEGATE_PORT \/ --port/ },
    { name: 'a port out of range', argv: ['--port', '70000'], match: /port/ },
    { name: 'an unknown flag', argv: ['--prot', '1'], match: /unknown option '--prot'/ },
    { name: 'a flag without value', argv: ['--port'], match: /needs a value/ },
  ])('rejects $name with a message naming it', ({ argv, match }) => {
    const r = loadConfig(argv, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(match);
  });
  it('returns a frozen config', () => {
    const r = loadConfig([], {});
    expect(r.ok && Object.isFrozen(r.config)).toBe(true);
  });
});
