import { describe, expect, it } from 'vitest';
import { contentFormatOf } from '../../../collectors/index.js';

describe('contentFormatOf', () => {
  it.each([
    { name: 'protobuf', type: 'application/x-protobuf', expected: 'protobuf' },
    { name: 'protobuf with charset', type: 'application/x-protobuf; charset=utf-8', expected: 'protobuf' },
    { name: 'protobuf upper case', type: 'Application/X-Protobuf', expected: 'protobuf' },
    { name: 'application/protobuf', type: 'application/protobuf', expected: 'protobuf' },
    { name: 'json', type: 'application/json', expected: 'json' },
    { name: 'json with charset', type: 'application/json; charset=UTF-8', expected: 'json' },
    { name: 'json upper case', type: 'APPLICATION/JSON', expected: 'json' },
    { name: 'missing', type: undefined, expected: null },
    { name: 'empty', type: '', expected: null },
    { name: 'text/plain', type: 'text/plain', expected: null },
    { name: 'form', type: 'application/x-www-form-urlencoded', expected: null },
    { name: 'grpc', type: 'application/grpc', expected: null },
    { name: 'a media type that only contains json', type: 'application/jsonx; x=application/x-protobuf', expected: null },
    { name: 'protobuf named in a parameter only', type: 'text/plain; type=application/x-protobuf', expected: null },
    { name: 'json with spaces before the parameter', type: ' application/json ;charset=utf-8', expected: 'json' },
    { name: 'json+something', type: 'application/json-seq', expected: null },
  ])('$name -> $expected', ({ type, expected }) => {
    expect(contentFormatOf(type)).toBe(expected);
  });
});
