import { describe, expect, it } from 'vitest';
import { peerAddressOf } from '../../../src/grpc/otlpGrpcServer.js';

describe('peerAddressOf', () => {
  it.each([
    { name: 'IPv4', peer: '127.0.0.1:51234', address: '127.0.0.1' },
    { name: 'IPv6 loopback', peer: '::1:51234', address: '::1' },
    { name: 'IPv4-mapped IPv6', peer: '::ffff:127.0.0.1:40000', address: '::ffff:127.0.0.1' },
    { name: 'bracketed IPv6', peer: '[2001:db8::1]:443', address: '2001:db8::1' },
    { name: 'no port', peer: '10.0.0.7', address: '10.0.0.7' },
    { name: 'unknown', peer: 'unknown', address: 'unknown' },
  ])('$name', ({ peer, address }) => {
    expect(peerAddressOf(peer)).toBe(address);
  });
});
