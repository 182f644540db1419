/** readScoringSpans decodes only OPERATION_ATTRIBUTE_KEYS before classifying a span: classifyOperation must read no other attribute. */
import { describe, expect, it } from 'vitest';
import type { Attributes } from '../../../collectors/wireTypes.js';
import { classifyOperation } from '../../../src/domain/facts/index.js';
import { OPERATION_ATTRIBUTE_KEYS } from '../../../src/store/scoring/readScoringSpans.js';

/** Attribute sets that walk every branch: each convention's key with known, unknown and non-string values. */
const VALUES = ['chat', 'execute_tool', 'retrieval', 'invoke_agent', 'LLM', 'TOOL', 'RETRIEVER', 'tool', 'workflow', 'generation', 'rerank', 'nonsense', 42, null];
const CASES: Array<{ attrs: Attributes; name: string }> = [
  { attrs: {}, name: 'chat gpt-4o' },
  { attrs: {}, name: 'get_weather.tool' },
  { attrs: {}, name: 'ai.toolCall' },
  ...[...OPERATION_ATTRIBUTE_KEYS].flatMap((key) => VALUES.map((value) => ({ attrs: { [key]: value, 'gen_ai.tool.name': 'x', 'ai.operationId': 'ai.toolCall' }, name: 'span' }))),
];

describe('classifyOperation reads only OPERATION_ATTRIBUTE_KEYS', () => {
  it.each(CASES)('$name $attrs', ({ attrs, name }) => {
    const read = new Set<string>();
    const spy = new Proxy(attrs, { get: (t, k) => (typeof k === 'string' && read.add(k), Reflect.get(t, k)), has: (t, k) => (typeof k === 'string' && read.add(k), Reflect.has(t, k)) });
    classifyOperation(spy, name, []);
    for (const key of read) expect(OPERATION_ATTRIBUTE_KEYS).toContain(key);
  });
});
